import { definitionsOf } from '../contract/model';
import type { Rule } from './rule';
import { declaredKind, NameOf } from './words';

export const queryReply: Rule = {
  code: 'query-without-reply',
  severity: 'warning',
  summary: 'A query names no reply message, so its caller cannot know what answer to expect.',
  check(context) {
    for (const message of definitionsOf(context.contract, 'message')) {
      if (declaredKind(message) !== 'query' || message.spec['reply'] !== undefined) continue;
      context.reportDefinition(
        message,
        `${NameOf(message)} is a query without a reply; name the response message it is answered with.`,
      );
    }
  },
};
