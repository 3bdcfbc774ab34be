import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileProvider } from '../contract/includes';
import { filePath } from '../contract/includes';
import { ContractFile, parseContract } from '../contract/parse';
import { decodeFileText } from '../contract/text';

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
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(location);
    } catch {
      return undefined;
    }
    return parseContract(uri, decodeFileText(bytes));
  }
}

export function fileUri(location: string): string {
  return pathToFileURL(path.resolve(location)).href;
}

/** Shows a file's path relative to the working folder when it is inside it. */
export function displayPath(uri: string): string {
  const location = filePath(uri) ?? uri;
  const relative = path.relative(process.cwd(), location);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : location;
}

/**
 * The folder that includes must stay in: the working folder when the file is inside it, so that a
 * contract may include files from sibling folders of a project, else the file's own folder.
 */
export function includeBoundary(location: string): string {
  const absolute = path.resolve(location);
  const relative = path.relative(process.cwd(), absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return inside ? process.cwd() : path.dirname(absolute);
}
