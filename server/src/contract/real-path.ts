/** Real paths on disk, so that a symbolic link cannot carry an include out of its boundary folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Symbolic links followed before a path counts as a loop; Linux stops at 40 too. */
const MAX_LINKS = 40;

/**
 * Returns the path with every symbolic link resolved. A path that does not exist yet keeps its
 * missing part as written below the real path of the part that exists, and the target of a
 * dangling link is resolved the same way. Returns undefined for a loop of links.
 */
export function realPath(location: string, links = 0): string | undefined {
  if (links > MAX_LINKS) return undefined;
  try {
    // One realpath(3) call, several times faster than the JavaScript walk over each part.
    return fs.realpathSync.native(location);
  } catch {
    // The path or a part of it does not exist: it is resolved below, one part at a time.
  }
  const target = linkTarget(location);
  if (target !== undefined)
    return realPath(path.resolve(path.dirname(location), target), links + 1);
  const parent = path.dirname(location);
  if (parent === location) return location;
  const realParent = realPath(parent, links);
  return realParent === undefined ? undefined : path.join(realParent, path.basename(location));
}

function linkTarget(location: string): string | undefined {
  try {
    return fs.readlinkSync(location);
  } catch {
    return undefined;
  }
}

/** Whether `target` is `folder` itself or below it; both must be absolute. */
export function isWithin(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  if (relative === '') return true;
  if (path.isAbsolute(relative)) return false;
  return relative !== '..' && !relative.startsWith('..' + path.sep);
}

/** Tells whether the path is a folder on disk. A path that is missing or unreadable is not. */
export function isFolder(location: string): boolean {
  try {
    return fs.statSync(location).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads a regular file, or returns undefined when the path is missing, unreadable or something else
 * (a folder, a named pipe, a device): reading a named pipe would wait for a writer forever.
 */
export function readRegularFile(location: string): Buffer | undefined {
  try {
    return fs.statSync(location).isFile() ? fs.readFileSync(location) : undefined;
  } catch {
    return undefined;
  }
}

/** Tells whether something other than a regular file or a folder is at the path. */
export function isSpecialFile(location: string): boolean {
  try {
    const stat = fs.statSync(location);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}
