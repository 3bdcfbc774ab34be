/**
 * Quick fixes for a secret written inline: name an environment variable instead, and, where the
 * client can create files, move the value into the `.env` file beside the contract so that it
 * is not lost. A comment after the secret stays.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { filePath } from '../contract/includes';
import { readRegularFile } from '../contract/real-path';
import { LineIndex } from '../contract/text';
import { entryAtPath, locate, nodeAtPath, Path } from '../contract/tree';
import { documentEdit, FixContext, quickFix } from './quick-fix';
import { lastContentOffset } from './spans';
import { removeEntry } from './yaml-edits';

export function secretFixes(context: FixContext): CodeAction[] {
  const data = context.diagnostic.data as { fix?: unknown; envKey?: unknown } | undefined;
  if (data?.fix !== 'secret-env' || typeof data.envKey !== 'string') return [];
  const { file } = context;
  const secretPath: Path = locate(file.root, context.offset).path;
  const entry = entryAtPath(file.root, secretPath);
  const holder = nodeAtPath(file.root, secretPath.slice(0, -1));
  if (entry?.value === undefined || holder === undefined) return [];

  if (holder.entry(data.envKey) !== undefined) {
    const removal = removeEntry(file, entry, holder.entries());
    if (removal === undefined) return [];
    const title = `Remove the inline secret, because '${data.envKey}' already names its variable`;
    return [quickFix(title, context, [removal])];
  }

  const variable = variableName(secretPath);
  const end = lastContentOffset(file.text, entry.value.span) + 1;
  const replace: TextEdit = {
    range: file.lines.rangeOf({ start: entry.keySpan.start, end }),
    newText: `${data.envKey}: ${variable}`,
  };
  const secret = entry.value.scalar;
  const move =
    context.canCreateFiles && typeof secret === 'string'
      ? moveToEnvFile(context, variable, secret, replace)
      : undefined;
  const title = `Replace the secret with environment variable ${variable}`;
  const actions = [quickFix(title, context, [replace], move === undefined)];
  return move === undefined ? actions : [move, ...actions];
}

/**
 * Builds the fix that appends `VARIABLE=value` to the `.env` file beside the contract, creating
 * the file if needed, and names the variable in the contract. Returns undefined when `.env`
 * already sets the variable, so that no value there is overwritten.
 */
function moveToEnvFile(
  context: FixContext,
  variable: string,
  secret: string,
  replace: TextEdit,
): CodeAction | undefined {
  const contractPath = filePath(context.file.uri);
  if (contractPath === undefined) return undefined;
  const envPath = path.join(path.dirname(contractPath), '.env');
  const envUri = pathToFileURL(envPath).href;
  const existing = readIfExists(envPath);
  if (
    existing !== undefined &&
    new RegExp(`^\\s*(export\\s+)?${variable}\\s*=`, 'm').test(existing)
  ) {
    return undefined;
  }

  const line = `${variable}=${dotenvValue(secret)}\n`;
  const end =
    existing === undefined
      ? { line: 0, character: 0 }
      : new LineIndex(existing).positionAt(existing.length);
  const separator =
    existing === undefined || existing === '' || existing.endsWith('\n') ? '' : '\n';
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  if (existing === undefined)
    documentChanges.push({ kind: 'create', uri: envUri, options: { ignoreIfExists: true } });
  documentChanges.push(
    {
      textDocument: { uri: envUri, version: null },
      edits: [{ range: { start: end, end }, newText: separator + line }],
    },
    documentEdit(context, [replace]),
  );
  return {
    title: `Move the secret to .env as ${variable}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [context.diagnostic],
    isPreferred: true,
    edit: { documentChanges },
  };
}

/** Reads the .env file. A missing or unreadable one is created by the fix. */
function readIfExists(location: string): string | undefined {
  return readRegularFile(location)?.toString('utf8');
}

/** Writes a value for a .env file: as is when it is plain, else in double quotes with escapes. */
function dotenvValue(value: string): string {
  if (/^[A-Za-z0-9_\-./+=:@]*$/.test(value)) return value;
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
  return `"${escaped}"`;
}

/** Builds a variable name from the path's last two keys: `customer.secret` gives CUSTOMER_SECRET. */
function variableName(secretPath: Path): string {
  const words = secretPath
    .slice(-2)
    .filter((segment): segment is string => typeof segment === 'string')
    .map((segment) =>
      segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_'),
    );
  const name = words
    .join('_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}
