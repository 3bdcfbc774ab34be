import { KIND_NOUNS, REFERRING_KINDS, referencesFrom } from '../contract/model';
import { closestName } from '../util/suggest';
import type { Rule } from './rule';
import { NameOf } from './words';

export const unknownReference: Rule = {
  code: 'unknown-reference',
  severity: 'error',
  summary:
    'A reference names a service, message, channel, queue, policy, schema or other definition that does not exist.',
  kinds: REFERRING_KINDS,
  checkDefinition(definition, context) {
    for (const reference of referencesFrom(definition)) {
      if (reference.unsupportedRef !== undefined) continue;
      if (context.lookup(reference.kind, reference.name) !== undefined) continue;
      const candidates = context
        .definitionsOf(reference.kind)
        .filter((candidate) => fits(candidate.spec['kind'], reference.expects))
        .map((candidate) => candidate.name);
      const suggestion = closestName(reference.name, candidates);
      const noun = KIND_NOUNS[reference.kind];
      const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
      context.report({
        file: reference.file,
        path: reference.path,
        at: reference.at,
        message: `${NameOf(definition)} names ${noun} '${reference.name}' as its ${reference.role}, but no ${noun} has that name.${hint}`,
        data: {
          kind: reference.kind,
          name: reference.name,
          ...(suggestion === undefined ? {} : { suggestion }),
        },
      });
    }
  },
};

function fits(kind: unknown, expects: readonly string[] | undefined): boolean {
  return expects === undefined || (typeof kind === 'string' && expects.includes(kind));
}
