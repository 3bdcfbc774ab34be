import type { Rule } from './rule';
import { isString, NameOf } from './words';

export const encryptionKey: Rule = {
  code: 'encryption-without-key',
  severity: 'error',
  summary:
    'A message is marked encrypted, but no file of the contract names the key under encryption.',
  kinds: ['message'],
  checkDefinition(message, context) {
    if (message.spec['encrypted'] !== true) return;
    if (context.setting(['encryption', 'keyEnv'], isString) !== undefined) return;
    context.report({
      file: message.file,
      path: [...message.path, 'encrypted'],
      message:
        `${NameOf(message)} is encrypted, but the contract names no key. ` +
        'Add encryption: { keyEnv: VARIABLE } naming the environment variable that holds the key.',
    });
  },
};
