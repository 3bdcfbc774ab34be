import { definitionsOf, lookup } from '../contract/model';
import type { Rule } from './rule';
import { declaredKind, NameOf } from './words';

export const unconsumedEvent: Rule = {
  code: 'unconsumed-event',
  severity: 'warning',
  summary: 'An event has no subscribers, so nobody receives it.',
  check(context) {
    const { contract } = context;
    for (const message of definitionsOf(contract, 'message')) {
      if (declaredKind(message) !== 'event') continue;
      const subscribers = message.spec['subscribers'];
      if (Array.isArray(subscribers) && subscribers.length > 0) continue;
      const queueName = message.spec['queue'];
      const queue = typeof queueName === 'string' ? lookup(contract, 'queue', queueName) : undefined;
      const consumers = queue?.spec['consumers'];
      if (Array.isArray(consumers) && consumers.length > 0) continue;
      context.reportDefinition(
        message,
        `${NameOf(message)} is an event that no service subscribes to, so nobody receives it. ` +
          'List its subscribers, or remove it.',
      );
    }
  },
};
