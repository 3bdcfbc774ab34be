import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Finds a file shipped with the product, such as schemas/comm.schema.json, by walking up from this
 * module's folder. The same lookup works from the bundles in dist/, from compiled sources in out/
 * and from an installed extension, whose folders are laid out differently.
 */
export function findResource(relativePath: string): string {
  let folder = __dirname;
  for (;;) {
    const candidate = path.join(folder, relativePath);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(folder);
    if (parent === folder) {
      throw new Error(`Cannot find ${relativePath} above ${__dirname}; the installation is incomplete.`);
    }
    folder = parent;
  }
}

export function readJsonResource(relativePath: string): unknown {
  return JSON.parse(fs.readFileSync(findResource(relativePath), 'utf8'));
}
