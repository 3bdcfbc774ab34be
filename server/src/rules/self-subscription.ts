import type { Rule } from './rule';
import { declaredKind, NameOf } from './words';

export const selfSubscription: Rule = {
  code: 'self-subscription',
  severity: 'warning',
  summary:
    'An event lists its own producer as a subscriber; a publisher never receives its own events.',
  kinds: ['message'],
  checkDefinition(message, context) {
    if (declaredKind(message) !== 'event') return;
    const producer = message.spec['producer'];
    const subscribers = message.spec['subscribers'];
    if (typeof producer !== 'string' || !Array.isArray(subscribers)) return;
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
  },
};
