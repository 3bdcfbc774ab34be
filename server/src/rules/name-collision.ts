import { describeCollision, findNameCollisions, receiversOf } from '../codegen/name-plan';
import type { Rule } from './rule';

/**
 * Reports two names that generated TypeScript would declare as one identifier or one file, such as
 * the message 'order-placed' and the schema 'OrderPlaced'. Generation stops on it.
 */
export const nameCollision: Rule = {
  code: 'name-collision',
  severity: 'warning',
  summary: 'Two names of the contract map to the same identifier or file in generated code.',
  inputs: ['schema', 'message', 'service', 'route'],
  signature(definition) {
    if (definition.kind === 'message')
      return JSON.stringify([definition.spec['kind'], receiversOf(definition)]);
    if (definition.kind === 'route') return JSON.stringify(definition.spec['service']) ?? '';
    return '';
  },
  check(context) {
    for (const collision of findNameCollisions(context.contract)) {
      context.reportDefinition(collision.second, describeCollision(collision), {
        related: [
          {
            file: collision.first.file,
            path: collision.first.path,
            at: 'key',
            message: 'The other name',
          },
        ],
      });
    }
  },
};
