import {
  DEFINITION_SECTIONS,
  definitionsOf,
  DefinitionKind,
  KIND_NOUNS,
  referencesFrom,
} from '../contract/model';
import type { Rule } from './rule';

const CHECKED: ReadonlyArray<[DefinitionKind, string]> = [
  ['policy', 'route, service or gRPC method'],
  ['schema', 'message, route or other schema'],
  ['authScheme', 'route'],
];

export const unusedDefinition: Rule = {
  code: 'unused-definition',
  severity: 'hint',
  summary: 'A policy, shared schema or authentication scheme is defined but never used.',
  inputs: DEFINITION_SECTIONS.map(({ kind }) => kind),
  signature: (definition) =>
    referencesFrom(definition)
      .map((reference) => `${reference.kind}:${reference.name}`)
      .join('\n'),
  check(context) {
    const { contract } = context;
    const used = new Map<DefinitionKind, Set<string>>(CHECKED.map(([kind]) => [kind, new Set()]));
    for (const reference of contract.references) used.get(reference.kind)?.add(reference.name);
    for (const [kind, users] of CHECKED) {
      for (const definition of definitionsOf(contract, kind)) {
        if (used.get(kind)!.has(definition.name)) continue;
        const noun = KIND_NOUNS[kind];
        context.reportDefinition(
          definition,
          `The ${noun} '${definition.name}' is not used by any ${users}.`,
          { tags: ['unnecessary'] },
        );
      }
    }
  },
};
