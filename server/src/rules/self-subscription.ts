import { definitionsOf } from '../contract/model';
import type { Rule } from './rule';
import { declaredKind, NameOf } from './words';

export const selfSubscription: Rule = {
  code: 'self-subscription',
  severity: 'warning',
  summary: 'An event lists its own producer as a subscriber; a publisher never receives its own events.',
  check(context) {
    for (const message of definitionsOf(context.contract, 'message')) {
      if (declaredKind(message) !== 'event') continue;
      const producer = message.spec['producer'];
      const subscribers = message.spec['subscribers'];
      if (typeof producer !== 'string' || !Array.isArray(subscribers)) continue;
      subscribers.forEach((subscriber, index) => {
        if (subscriber !== producer) return;
        context.report({
          file: message.file,
          path: [...message.path, 'subscribers', index],
          message:
            `${NameOf(message)} is produced by '${producer}', which also subscribes to it; ` +
            'a publisher never receives its own events, so this subscription has no effect.',
          tags: ['unnecessary'],
        });
      });
    }
  },
};
