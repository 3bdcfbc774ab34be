/**
 * Writes generated files into an output folder without losing a person's work: a file whose header
 * hash no longer matches its text, or a file Switchboard did not write, is replaced only when the
 * caller allows it; a scaffold is written only when missing. Each file is written to a temporary
 * file beside it and renamed over it, so a reader never sees half a file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from './generate';
import { authorshipOf, type Authorship } from './header';

export type FileAction = 'create' | 'update' | 'unchanged' | 'keep-scaffold' | 'overwrite-changed';

/** What writing one file would do. */
export interface PlannedFile {
  readonly file: GeneratedFile;
  /** The absolute path. */
  readonly location: string;
  readonly action: FileAction;
  /** For 'overwrite-changed': whether a person edited the file or wrote it from scratch. */
  readonly authorship?: Authorship;
}

/** Decides what to do with each file, reading what is on disk; writes nothing. */
export function planOutput(outDir: string, files: readonly GeneratedFile[]): PlannedFile[] {
  return files.map((file) => {
    const location = path.join(outDir, ...file.path.split('/'));
    let existing: string;
    try {
      existing = fs.readFileSync(location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { file, location, action: 'create' };
      throw new Error(`Cannot read ${location}: ${(error as Error).message}`);
    }
    if (file.scaffold) return { file, location, action: 'keep-scaffold' };
    if (existing === file.text) return { file, location, action: 'unchanged' };
    const authorship = authorshipOf(existing);
    if (authorship === 'generated') return { file, location, action: 'update' };
    return { file, location, action: 'overwrite-changed', authorship };
  });
}

/** Returns the planned files that would replace a person's changes. */
export function changedFiles(plan: readonly PlannedFile[]): PlannedFile[] {
  return plan.filter((planned) => planned.action === 'overwrite-changed');
}

/**
 * Writes the planned files. Files that would replace a person's changes are written only with
 * `overwrite`; otherwise they are skipped and returned.
 */
export function writeOutput(plan: readonly PlannedFile[], overwrite: boolean): PlannedFile[] {
  const skipped: PlannedFile[] = [];
  for (const planned of plan) {
    if (planned.action === 'unchanged' || planned.action === 'keep-scaffold') continue;
    if (planned.action === 'overwrite-changed' && !overwrite) {
      skipped.push(planned);
      continue;
    }
    writeAtomically(planned.location, planned.file.text);
  }
  return skipped;
}

/** Writes text to a temporary file in the target's folder, then renames it over the target. */
export function writeAtomically(location: string, text: string): void {
  fs.mkdirSync(path.dirname(location), { recursive: true });
  const temporary = path.join(
    path.dirname(location),
    `.${path.basename(location)}.${process.pid}.${Date.now()}.tmp`,
  );
  try {
    fs.writeFileSync(temporary, text, { encoding: 'utf8', flag: 'wx' });
    fs.renameSync(temporary, location);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
