/**
 * Reads the policy and runtime sources that generated code contains verbatim. Compiled by tsc, this
 * module reads them from server/src. The esbuild bundles replace it with a module that returns the
 * same files' text, embedded at build time by scripts/embed-sources.mjs, so both read one source.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMBEDDED_FOLDERS, SourceFile } from './source-file';

let cached: readonly SourceFile[] | undefined;

/** Returns the embedded sources, sorted by path. */
export function readSources(): readonly SourceFile[] {
  cached ??= readFromDisk(findSourceRoot());
  return cached;
}

/**
 * Finds server/src above this module: tsc writes it to out/server/src/codegen, and tests may load
 * it from server/src/codegen through a TypeScript loader.
 */
function findSourceRoot(): string {
  let folder = __dirname;
  for (let depth = 0; depth < 8; depth++) {
    const candidate = path.join(folder, 'server', 'src');
    if (fs.existsSync(path.join(candidate, 'policy', 'index.ts'))) return candidate;
    if (path.basename(folder) === 'src' && fs.existsSync(path.join(folder, 'policy', 'index.ts'))) {
      return folder;
    }
    folder = path.dirname(folder);
  }
  throw new Error(
    `The policy sources were not found above ${__dirname}; rebuild with 'npm run build'.`,
  );
}

function readFromDisk(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const folder of EMBEDDED_FOLDERS) {
    for (const name of fs.readdirSync(path.join(root, folder)).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
      files.push({
        path: `${folder}/${name}`,
        text: fs.readFileSync(path.join(root, folder, name), 'utf8'),
      });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
