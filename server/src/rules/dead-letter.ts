import type { Rule } from './rule';
import { nameOf, NameOf } from './words';

/** A queue that redelivers needs a dead-letter queue, and dead-letter chains must end. */
export const deadLetter: Rule = {
  code: 'queue-without-dead-letter',
  severity: 'warning',
  summary:
    'A queue redelivers failed messages but has no dead-letter queue, so a message that fails every delivery is lost.',
  alsoReports: {
    'dead-letter-cycle': {
      severity: 'error',
      summary: 'Dead-letter queues lead back to the queue they start from.',
    },
  },
  kinds: ['queue'],
  checkDefinition(queue, context) {
    const maxDeliveries = queue.spec['maxDeliveries'];
    const deadLetterName = queue.spec['deadLetter'];
    if (typeof maxDeliveries === 'number' && maxDeliveries > 1 && deadLetterName === undefined) {
      context.report({
        file: queue.file,
        path: [...queue.path, 'maxDeliveries'],
        message:
          `${NameOf(queue)} delivers a message up to ${maxDeliveries} times but has no dead-letter ` +
          'queue, so a message that fails every delivery is dropped. Name one with deadLetter.',
      });
    }

    // Follow the chain of dead-letter queues; coming back to this queue means messages circle forever.
    const visited = new Set<string>([queue.name]);
    let current = typeof deadLetterName === 'string' ? deadLetterName : undefined;
    while (current !== undefined) {
      if (visited.has(current)) {
        if (current === queue.name) {
          context.report({
            file: queue.file,
            path: [...queue.path, 'deadLetter'],
            code: 'dead-letter-cycle',
            message: `The dead-letter queues of ${nameOf(queue)} lead back to it, so failed messages would circle forever.`,
          });
        }
        break;
      }
      visited.add(current);
      const next = context.lookup('queue', current)?.spec['deadLetter'];
      current = typeof next === 'string' ? next : undefined;
    }
  },
};
