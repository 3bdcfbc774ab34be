import { KIND_NOUNS } from '../contract/model';
import type { Rule } from './rule';

/**
 * Reports a name defined twice in different files of one contract. Twice in one file is a
 * duplicate YAML key, reported by the parser.
 */
export const duplicateName: Rule = {
  code: 'duplicate-name',
  severity: 'error',
  summary: 'Two files of one contract define the same name for the same kind of definition.',
  check(context) {
    for (const byName of context.contract.definitions.values()) {
      for (const list of byName.values()) {
        const first = list[0];
        if (first === undefined) continue;
        // By index: a slice per name would allocate an array for each of thousands of names.
        for (let index = 1; index < list.length; index++) {
          const duplicate = list[index]!;
          if (duplicate.file === first.file) continue;
          const noun = KIND_NOUNS[duplicate.kind];
          context.reportDefinition(
            duplicate,
            `The ${noun} '${duplicate.name}' is already defined in ${fileName(first.file.uri)}; ` +
              'names are shared by every file of a contract. Rename one of them.',
            { related: [{ file: first.file, path: first.path, message: 'First defined here' }] },
          );
        }
      }
    }
  },
};

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
