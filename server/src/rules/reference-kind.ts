import { REFERRING_KINDS, referencesFrom } from '../contract/model';
import type { Rule } from './rule';
import { declaredKind, nameOf, NameOf, withArticle } from './words';

/** Reports references to messages and policies of a kind that does not fit where they are used. */
export const referenceKind: Rule = {
  code: 'wrong-kind',
  severity: 'error',
  summary:
    'A reference names a message or policy of the wrong kind, such as a retry that names a circuit breaker.',
  alsoReports: {
    'reply-not-response': {
      severity: 'error',
      summary: 'A reply names a message that is not a response.',
    },
  },
  kinds: REFERRING_KINDS,
  checkDefinition(definition, context) {
    for (const reference of referencesFrom(definition)) {
      if (reference.expects === undefined) continue;
      const target = context.lookup(reference.kind, reference.name);
      const kind = target === undefined ? undefined : declaredKind(target);
      if (target === undefined || kind === undefined || reference.expects.includes(kind)) continue;
      const owner = NameOf(definition);
      const expected = reference.expects.map(withArticle).join(' or ');
      const isReply = reference.role === 'reply';
      context.report({
        file: reference.file,
        path: reference.path,
        message:
          `${owner} names ${nameOf(target)} as its ${reference.role}, but it is ${withArticle(kind)}; ` +
          `${isReply ? 'a reply must be' : 'this needs'} ${expected}.`,
        ...(isReply ? { code: 'reply-not-response' } : {}),
        related: [
          { file: target.file, path: target.path, message: `${nameOf(target)} is defined here` },
        ],
      });
    }
  },
};
