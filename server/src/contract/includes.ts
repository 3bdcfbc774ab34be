/**
 * Resolves a contract's includes: relative paths to other contract files, which join one namespace.
 * Includes never leave the workspace folder and never fetch anything: a URL is an error.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ContractFile } from './parse';
import type { Problem } from './problem';
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
 * usually the workspace folder; undefined means the root file's own folder.
 */
export function resolveIncludes(
  root: ContractFile,
  provider: FileProvider,
  boundary?: string,
): ResolvedIncludes {
  const files: ContractFile[] = [root];
  const problems: Problem[] = [];
  const missing: string[] = [];
  const done = new Set<string>([root.uri]);
  const rootPath = filePath(root.uri);
  const limit = boundary ?? (rootPath === undefined ? undefined : path.dirname(rootPath));

  const visit = (file: ContractFile, chain: string[]) => {
    const includes = (file.data as Record<string, unknown> | null)?.['includes'];
    if (!Array.isArray(includes)) return;
    includes.forEach((entry, index): void => {
      if (typeof entry !== 'string') return;
      const report = (code: string, message: string): void => {
        problems.push({
          uri: file.uri,
          span: spanOf(file, ['includes', index], 'value'),
          severity: 'error',
          code,
          message,
        });
      };
      const target = resolveEntry(file.uri, entry);
      if (target.error !== undefined) return report(target.code, target.error);
      const targetPath = target.path;
      if (limit !== undefined && !isInside(limit, targetPath)) {
        return report(
          'include-outside-workspace',
          `The include '${entry}' points outside the workspace folder; includes stay inside it so that ` +
            'a contract cannot read arbitrary files. Move the file into the workspace.',
        );
      }
      const uri = pathToFileURL(targetPath).href;
      if (chain.includes(uri)) {
        const names = [...chain.slice(chain.indexOf(uri)), uri].map((item) =>
          path.basename(filePath(item) ?? item),
        );
        return report(
          'include-cycle',
          `The include '${entry}' forms a cycle: ${names.join(' → ')}. Remove one of the includes.`,
        );
      }
      if (done.has(uri)) return;
      const included = provider.get(uri);
      if (included === undefined) {
        missing.push(uri);
        return report(
          'include-not-found',
          `The included file '${entry}' was not found at ${targetPath}.`,
        );
      }
      done.add(uri);
      files.push(included);
      visit(included, [...chain, uri]);
    });
  };
  visit(root, [root.uri]);
  return { files, problems, missing };
}

type Resolved =
  { path: string; error?: undefined } | { path?: undefined; error: string; code: string };

function resolveEntry(fromUri: string, entry: string): Resolved {
  if (/^[a-z][a-z0-9+.-]+:/i.test(entry)) {
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

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
