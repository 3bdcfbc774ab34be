/** Writes a command's output file without ever leaving a half-written or silently replaced file. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** An output file that exists while `--force` is not given. */
export class OutputExistsError extends Error {
  override name = 'OutputExistsError';
}

/**
 * Writes `text` to `location` through a temporary file in the same folder, so that readers see the
 * old file or the new one, never part of one. An existing file is replaced only with `force`:
 * without it, the temporary file is hard-linked into place, which fails when the name exists.
 */
export function writeOutput(location: string, text: string, force: boolean): void {
  if (!force && fs.existsSync(location)) throw existsError(location);
  const temporary = path.join(
    path.dirname(location),
    `.${path.basename(location)}.${process.pid}.tmp`,
  );
  fs.writeFileSync(temporary, text, { flag: 'wx' });
  try {
    if (force) fs.renameSync(temporary, location);
    else linkNew(temporary, location);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function linkNew(temporary: string, location: string): void {
  try {
    fs.linkSync(temporary, location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(location);
    // A file system without hard links: the check above is the only guard left.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP')
      fs.renameSync(temporary, location);
    else throw error;
  }
}

function existsError(location: string): OutputExistsError {
  return new OutputExistsError(`${location} already exists; pass --force to replace it.`);
}
