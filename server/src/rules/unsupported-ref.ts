import { REFERRING_KINDS, referencesFrom } from '../contract/model';
import type { Rule } from './rule';

export const unsupportedRef: Rule = {
  code: 'unsupported-ref',
  severity: 'error',
  summary:
    "A $ref is not of the form '#/schemas/Name'; remote and file references are not followed.",
  kinds: REFERRING_KINDS,
  checkDefinition(definition, context) {
    for (const reference of referencesFrom(definition)) {
      const ref = reference.unsupportedRef;
      if (ref === undefined) continue;
      context.report({ file: reference.file, path: reference.path, message: refMessage(ref) });
    }
  },
};

function refMessage(ref: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    return (
      `The $ref '${ref}' points to another host; Switchboard never fetches anything from the network. ` +
      'Copy the schema under schemas and refer to it as #/schemas/Name.'
    );
  }
  if (ref.startsWith('#/schemas/')) {
    return (
      `The $ref '${ref}' points inside a shared schema, but a $ref names a whole one. Move that ` +
      "part into a schema of its own under schemas and refer to it as '#/schemas/Name'."
    );
  }
  return (
    `The $ref '${ref}' is not supported; refer to a shared schema as '#/schemas/Name', ` +
    'and list other files under includes.'
  );
}
