/** The corpus of public AsyncAPI and OpenAPI documents that the interop tests read. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './lsp-client';

/**
 * Public AsyncAPI and OpenAPI examples, checked out beside the repository as ../shared/corpus. A
 * git worktree elsewhere can point SWITCHBOARD_CORPUS at the folder.
 */
export const CORPUS = path.resolve(
  REPO_ROOT,
  process.env['SWITCHBOARD_CORPUS'] ?? '../shared/corpus',
);

/** Lists the AsyncAPI and OpenAPI documents of the corpus, without the shared parts of multi-file ones. */
export function corpusDocuments(): string[] {
  if (!fs.existsSync(CORPUS)) {
    throw new Error(
      `The document corpus is missing: ${CORPUS} does not exist. Clone the shared folder beside the repository.`,
    );
  }
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const location = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'common') walk(location);
      else if (/\.ya?ml$/.test(entry.name)) found.push(location);
    }
  };
  walk(CORPUS);
  return found.sort();
}
