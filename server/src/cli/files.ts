import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileProvider } from '../contract/includes';
import { filePath } from '../contract/includes';
import { ContractFile, parseContract } from '../contract/parse';
import { isFolder, isWithin, readRegularFile } from '../contract/real-path';
import { decodeFileText } from '../contract/text';
import { UsageError } from './command';

/** Reads and parses contract files from disk, each once. */
export class DiskFiles implements FileProvider {
  private readonly files = new Map<string, ContractFile | undefined>();

  get(uri: string): ContractFile | undefined {
    if (this.files.has(uri)) return this.files.get(uri);
    const file = this.read(uri);
    this.files.set(uri, file);
    return file;
  }

  private read(uri: string): ContractFile | undefined {
    const location = filePath(uri);
    if (location === undefined) return undefined;
    const bytes = readRegularFile(location);
    return bytes === undefined ? undefined : parseContract(uri, decodeFileText(bytes));
  }
}

export function fileUri(location: string): string {
  return pathToFileURL(path.resolve(location)).href;
}

/** Shows a file's path relative to the working folder when it is inside it. */
export function displayPath(uri: string): string {
  const location = filePath(uri) ?? uri;
  const relative = path.relative(process.cwd(), location);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative
    : location;
}

/**
 * Returns the folder that includes must stay in: `root` when given, else the top folder of the git
 * work tree that contains the file, else the file's own folder. The working folder plays no part,
 * so a contract checks the same from anywhere.
 */
export function includeBoundary(location: string, root?: string): string {
  if (root !== undefined) return path.resolve(root);
  const folder = path.dirname(path.resolve(location));
  return workTreeTop(folder) ?? folder;
}

/**
 * Returns the nearest folder at or above `folder` that contains `.git`: a folder in a repository,
 * a file in a linked work tree or a submodule.
 */
function workTreeTop(folder: string): string | undefined {
  for (let current = folder; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The help text of the --root option, shared by the commands that read includes. */
export const ROOT_OPTION_HELP = `  --root DIR       The folder that includes must stay inside. Default: the top
                   folder of the git work tree that contains FILE, else the folder
                   of FILE. FILE must be inside DIR.`;

/** Rejects a --root that is not a folder or does not contain every named file. */
export function checkRootOption(root: string | undefined, locations: string[]): void {
  if (root === undefined) return;
  if (!isFolder(root)) {
    throw new UsageError(`The --root folder '${root}' does not exist or is not a folder.`);
  }
  for (const location of locations) {
    if (!isWithin(path.resolve(root), path.resolve(location))) {
      throw new UsageError(
        `The file '${location}' is outside the --root folder '${root}'. Name a folder that contains it.`,
      );
    }
  }
}
