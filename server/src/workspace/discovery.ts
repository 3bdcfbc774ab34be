/**
 * Finds the contract files (`comm.yaml`, `*.comm.yaml`) in workspace folders, so that navigation
 * and workspace symbols also see contracts that are not open in the editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Folders that hold dependencies, build output or version control data, never contracts. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist', 'build', 'target', 'vendor']);

/** The maximum number of files one search returns. A larger workspace is searched only in part. */
export const MAX_DISCOVERED_FILES = 5_000;

/** The maximum number of folders one search reads, so that a huge workspace costs a bounded time. */
export const MAX_VISITED_FOLDERS = 20_000;

export function isContractFileName(name: string): boolean {
  return name === 'comm.yaml' || name.endsWith('.comm.yaml');
}

/** Returns the URIs of the contract files below the folders, breadth first, in name order. */
export function discoverContractFiles(folders: readonly string[]): string[] {
  const found: string[] = [];
  const pending = [...folders];
  let visited = 0;
  while (
    pending.length > 0 &&
    found.length < MAX_DISCOVERED_FILES &&
    visited < MAX_VISITED_FOLDERS
  ) {
    const folder = pending.shift()!;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      // An unreadable folder is skipped, as if it were empty.
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const location = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) pending.push(location);
      } else if (entry.isFile() && isContractFileName(entry.name)) {
        found.push(pathToFileURL(location).href);
        if (found.length >= MAX_DISCOVERED_FILES) break;
      }
    }
  }
  return found;
}
