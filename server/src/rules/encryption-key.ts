import { definitionsOf, objectAt } from '../contract/model';
import type { Rule } from './rule';
import { NameOf } from './words';

export const encryptionKey: Rule = {
  code: 'encryption-without-key',
  severity: 'error',
  summary: 'A message is marked encrypted, but no file of the contract names the key under encryption.',
  check(context) {
    const { contract } = context;
    const hasKey = contract.files.some((file) => typeof objectAt(file.data, ['encryption'])?.['keyEnv'] === 'string');
    if (hasKey) return;
    for (const message of definitionsOf(contract, 'message')) {
      if (message.spec['encrypted'] !== true) continue;
      context.report({
        file: message.file,
        path: [...message.path, 'encrypted'],
        message:
          `${NameOf(message)} is encrypted, but the contract names no key. ` +
          'Add encryption: { keyEnv: VARIABLE } naming the environment variable that holds the key.',
      });
    }
  },
};
