import type { DefinitionKind } from '../contract/model';
import type { Rule } from './rule';

/** The name that a reference to a definition of the kind reads as a keyword, and why. */
const RESERVED: Partial<Record<DefinitionKind, { name: string; message: string }>> = {
  service: {
    name: 'gateway',
    message:
      "A service cannot be named 'gateway': 'producer: gateway' names the API gateway, not this " +
      'service. Rename the service.',
  },
  authScheme: {
    name: 'none',
    message:
      "An authentication scheme cannot be named 'none': 'auth: none' turns authentication off " +
      'instead of using this scheme. Rename the scheme.',
  },
};

/** Tells whether references to a definition of the kind would read the name as a keyword. */
export function isReservedName(kind: DefinitionKind, name: string): boolean {
  return RESERVED[kind]?.name === name;
}

/** Reports a definition whose name a reference would read as a keyword. */
export const reservedName: Rule = {
  code: 'reserved-name',
  severity: 'error',
  summary: 'A definition has a name that a reference would read as a keyword.',
  kinds: ['service', 'authScheme'],
  checkDefinition(definition, context) {
    const reserved = RESERVED[definition.kind];
    if (reserved?.name !== definition.name) return;
    context.reportDefinition(definition, reserved.message);
  },
};
