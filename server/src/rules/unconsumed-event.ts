import type { Rule } from './rule';
import { declaredKind, NameOf } from './words';

export const unconsumedEvent: Rule = {
  code: 'unconsumed-event',
  severity: 'warning',
  summary: 'An event has no subscribers, so nobody receives it.',
  kinds: ['message'],
  checkDefinition(message, context) {
    if (declaredKind(message) !== 'event') return;
    const subscribers = message.spec['subscribers'];
    if (Array.isArray(subscribers) && subscribers.length > 0) return;
    const queueName = message.spec['queue'];
    const queue = typeof queueName === 'string' ? context.lookup('queue', queueName) : undefined;
    const consumers = queue?.spec['consumers'];
    if (Array.isArray(consumers) && consumers.length > 0) return;
    context.reportDefinition(
      message,
      `${NameOf(message)} is an event that no service subscribes to, so nobody receives it. ` +
        'List its subscribers, or remove it.',
    );
  },
};
