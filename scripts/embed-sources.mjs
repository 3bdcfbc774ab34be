// An esbuild plugin that replaces server/src/codegen/sources.ts with a module that returns the
// policy and runtime sources as text, so that the bundles generate code without reading server/src.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve('server/src');
// The same folders as EMBEDDED_FOLDERS in server/src/codegen/source-file.ts.
const FOLDERS = ['policy', 'codegen/runtime'];
const MODULE = /[\\/]server[\\/]src[\\/]codegen[\\/]sources\.ts$/;

function readSources() {
  const files = [];
  for (const folder of FOLDERS) {
    for (const name of readdirSync(path.join(ROOT, folder)).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
      files.push({ path: `${folder}/${name}`, text: readFileSync(path.join(ROOT, folder, name), 'utf8') });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** @type {import('esbuild').Plugin} */
export const embedSources = {
  name: 'embed-sources',
  setup(build) {
    build.onLoad({ filter: MODULE }, () => {
      const files = readSources();
      return {
        contents: `const FILES = ${JSON.stringify(files)};\nexport function readSources() {\n  return FILES;\n}\n`,
        loader: 'js',
        // Watch mode rebuilds when a policy or runtime file changes.
        watchFiles: files.map((file) => path.join(ROOT, file.path)),
        watchDirs: FOLDERS.map((folder) => path.join(ROOT, folder)),
      };
    });
  },
};
