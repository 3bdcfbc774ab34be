import { definitionsOf, KIND_NOUNS, lookup } from '../contract/model';
import { closestName } from '../util/suggest';
import type { Rule } from './rule';
import { NameOf } from './words';

export const unknownReference: Rule = {
  code: 'unknown-reference',
  severity: 'error',
  summary: 'A reference names a service, message, channel, queue, policy, schema or other definition that does not exist.',
  check(context) {
    const { contract } = context;
    for (const reference of contract.references) {
      if (reference.unsupportedRef !== undefined) continue;
      if (lookup(contract, reference.kind, reference.name) !== undefined) continue;
      const candidates = definitionsOf(contract, reference.kind)
        .filter((definition) => fits(definition.spec['kind'], reference.expects))
        .map((definition) => definition.name);
      const suggestion = closestName(reference.name, candidates);
      const noun = KIND_NOUNS[reference.kind];
      const owner = reference.from === undefined ? 'The contract' : NameOf(reference.from);
      const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
      context.report({
        file: reference.file,
        path: reference.path,
        at: reference.at,
        message: `${owner} names ${noun} '${reference.name}' as its ${reference.role}, but no ${noun} has that name.${hint}`,
        data: { kind: reference.kind, name: reference.name, ...(suggestion === undefined ? {} : { suggestion }) },
      });
    }
  },
};

function fits(kind: unknown, expects: readonly string[] | undefined): boolean {
  return expects === undefined || (typeof kind === 'string' && expects.includes(kind));
}
