/**
 * Resolves a contract's includes: relative paths to other contract files, which join one namespace.
 * Includes never leave the boundary folder, not even through a symbolic link, and never fetch
 * anything: a URL is an error.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ContractFile } from './parse';
import type { Problem } from './problem';
import { isFolder, isSpecialFile, isWithin, realPath } from './real-path';
import { spanOf } from '../rules/rule';

export interface FileProvider {
  /** Returns the parsed file at a URI, or undefined when it cannot be read. */
  get(uri: string): ContractFile | undefined;
}

export interface ResolvedIncludes {
  /** The root file first, then each included file once, in include order. */
  files: ContractFile[];
  /** Problems at include entries, in the files that hold them. */
  problems: Problem[];
  /** The URIs of included files that were not found, which the contract waits for. */
  missing: string[];
}

/**
 * Resolves the include graph below `root`. `boundary` is the folder that includes must stay in,
 * usually the workspace folder; undefined means the root file's own folder. A file outside it,
 * by its path or by the real path behind a symbolic link, is reported and never read.
 */
export function resolveIncludes(
  root: ContractFile,
  provider: FileProvider,
  boundary?: string,
): ResolvedIncludes {
  return new IncludeResolver(root, provider, boundary).resolve();
}

/** One file on the include path from the root to the file being visited. */
interface Step {
  file: ContractFile;
  /** The identity of the file: its real path, or its URI when it is not on disk. */
  identity: string;
  /** The index of the include entry that leads to the next step; -1 on the last step. */
  entry: number;
}

interface Boundary {
  /** The folder as given, for messages and for paths as written. */
  folder: string;
  /** The folder with its symbolic links resolved, for the real paths of included files. */
  real: string;
}

class IncludeResolver {
  private readonly files: ContractFile[];
  private readonly problems: Problem[] = [];
  private readonly missing: string[] = [];
  /** Identities of the files already visited. */
  private readonly done = new Set<string>();
  /** Include entries already reported as part of a cycle, as `uri\0index`. */
  private readonly cyclic = new Set<string>();
  private readonly boundary: Boundary | undefined;

  constructor(
    private readonly root: ContractFile,
    private readonly provider: FileProvider,
    boundary: string | undefined,
  ) {
    this.files = [root];
    const rootPath = filePath(root.uri);
    const folder = boundary ?? (rootPath === undefined ? undefined : path.dirname(rootPath));
    this.boundary = folder === undefined ? undefined : { folder, real: realPath(folder) ?? folder };
  }

  resolve(): ResolvedIncludes {
    const rootPath = filePath(this.root.uri);
    const identity = (rootPath === undefined ? undefined : realPath(rootPath)) ?? this.root.uri;
    this.done.add(identity);
    this.visit([{ file: this.root, identity, entry: -1 }]);
    return { files: this.files, problems: this.problems, missing: this.missing };
  }

  private visit(chain: Step[]): void {
    const includes = includeList(chain[chain.length - 1]!.file);
    includes?.forEach((entry, index) => {
      if (typeof entry === 'string') this.follow(chain, index, entry);
    });
  }

  private follow(chain: Step[], index: number, entry: string): void {
    const current = chain[chain.length - 1]!;
    const report = (code: string, message: string): void =>
      this.report(current.file, index, code, message);
    const target = resolveEntry(current.file.uri, entry);
    if (target.error !== undefined) return report(target.code, target.error);

    const real = realPath(target.path);
    const outside = this.outsideMessage(entry, target.path, real);
    if (outside !== undefined) return report('include-outside-workspace', outside);
    if (real === undefined) {
      return report(
        'include-not-found',
        `The include '${entry}' cannot be read because its path is a loop of symbolic links.`,
      );
    }

    const start = chain.findIndex((step) => step.identity === real);
    if (start >= 0) return this.reportCycle(chain.slice(start), index);
    if (this.done.has(real)) return;
    const uri = pathToFileURL(this.spelled(real)).href;
    const included = this.provider.get(uri);
    if (included === undefined) return this.reportUnreadable(report, entry, target.path, real, uri);

    this.done.add(real);
    this.files.push(included);
    const before = [...chain.slice(0, -1), { ...current, entry: index }];
    this.visit([...before, { file: included, identity: real, entry: -1 }]);
  }

  /**
   * Returns the real path of an included file, under the boundary folder as written. A link thus
   * names the file it leads to, which the editor opens under that file's own name, while the
   * workspace folder keeps the spelling the editor uses for it.
   */
  private spelled(real: string): string {
    const boundary = this.boundary;
    if (boundary === undefined) return real;
    return path.join(boundary.folder, path.relative(boundary.real, real));
  }

  /** Explains why a file is outside the boundary, or returns undefined when it is inside. */
  private outsideMessage(
    entry: string,
    written: string,
    real: string | undefined,
  ): string | undefined {
    const boundary = this.boundary;
    if (boundary === undefined) return undefined;
    if (!isWithin(boundary.folder, written)) {
      return (
        `The include '${entry}' points outside the folder ${boundary.folder}, and includes must ` +
        'stay inside it so that a contract cannot read arbitrary files. Move the file into that folder.'
      );
    }
    if (real === undefined || isWithin(boundary.real, real)) return undefined;
    return (
      `The include '${entry}' leads through a symbolic link to ${real}, outside the folder ` +
      `${boundary.folder}, so it was not read. Includes must stay inside that folder so that a ` +
      'contract cannot read arbitrary files. Move the file into it.'
    );
  }

  private reportUnreadable(
    report: (code: string, message: string) => void,
    entry: string,
    written: string,
    real: string,
    uri: string,
  ): void {
    if (isFolder(real)) {
      const example = `${entry.replace(/[\\/]+$/, '')}/comm.yaml`;
      return report(
        'include-not-found',
        `The include '${entry}' is a folder, not a file. Name a contract file in it, such as '${example}'.`,
      );
    }
    if (isSpecialFile(real)) {
      return report(
        'include-not-found',
        `The include '${entry}' is not a regular file (it may be a named pipe, socket or device), ` +
          'so it was not read. Name a contract file instead.',
      );
    }
    this.missing.push(uri);
    report('include-not-found', `The included file '${entry}' was not found at ${written}.`);
  }

  /**
   * Reports a cycle at every include entry on it, so that each file of the cycle shows it, whichever
   * file is the root. `cycle` runs from the file that the closing include `closing` leads back to.
   */
  private reportCycle(cycle: Step[], closing: number): void {
    const steps = cycle.map((step, i) =>
      i === cycle.length - 1 ? { ...step, entry: closing } : step,
    );
    steps.forEach((step, i) => {
      const key = `${step.file.uri}\0${step.entry}`;
      if (this.cyclic.has(key)) return;
      this.cyclic.add(key);
      const order = [...steps.slice(i), ...steps.slice(0, i + 1)];
      const names = order.map((each) => path.basename(filePath(each.file.uri) ?? each.file.uri));
      const entry = String(includeList(step.file)?.[step.entry]);
      this.report(
        step.file,
        step.entry,
        'include-cycle',
        `The include '${entry}' forms a cycle: ${names.join(' → ')}. Remove one of the includes.`,
      );
    });
  }

  private report(file: ContractFile, index: number, code: string, message: string): void {
    this.problems.push({
      uri: file.uri,
      span: spanOf(file, ['includes', index], 'value'),
      severity: 'error',
      code,
      message,
    });
  }
}

function includeList(file: ContractFile): unknown[] | undefined {
  const includes = (file.data as Record<string, unknown> | null)?.['includes'];
  return Array.isArray(includes) ? includes : undefined;
}

type Resolved =
  { path: string; error?: undefined } | { path?: undefined; error: string; code: string };

/**
 * A URL starts with `scheme://` or with a scheme that is used without slashes. Any other colon is
 * part of a file name, as in `team:orders.comm.yaml`.
 */
const URL_PATTERN = /^([a-z][a-z0-9+.-]*:\/\/|(https?|file|ftp|data|mailto|urn|git|ssh):)/i;

function resolveEntry(fromUri: string, entry: string): Resolved {
  if (entry.trim() === '') {
    return {
      error:
        "The include path is empty. Write the path of a contract file relative to this file, such as './orders.comm.yaml'.",
      code: 'include-not-relative',
    };
  }
  if (URL_PATTERN.test(entry)) {
    return {
      error: `The include '${entry}' is a URL; Switchboard never fetches anything from the network. Copy the file into the workspace and include it by relative path.`,
      code: 'include-remote',
    };
  }
  if (path.isAbsolute(entry)) {
    return {
      error: `The include '${entry}' is an absolute path; write it relative to this file.`,
      code: 'include-not-relative',
    };
  }
  const from = filePath(fromUri);
  if (from === undefined) {
    return {
      error: `The include '${entry}' cannot be resolved because this file is not saved on disk.`,
      code: 'include-not-found',
    };
  }
  return { path: path.resolve(path.dirname(from), entry) };
}

export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
