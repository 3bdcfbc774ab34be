import type { Rule } from './rule';
import { declaredKind, NameOf } from './words';

export const queryReply: Rule = {
  code: 'query-without-reply',
  severity: 'warning',
  summary: 'A query names no reply message, so its caller cannot know what answer to expect.',
  kinds: ['message'],
  checkDefinition(message, context) {
    if (declaredKind(message) !== 'query' || message.spec['reply'] !== undefined) return;
    context.reportDefinition(
      message,
      `${NameOf(message)} is a query without a reply; name the response message it is answered with.`,
    );
  },
};
