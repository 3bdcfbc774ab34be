/**
 * One spelling for each file URI inside the server. VS Code encodes `(`, `)`, `'`, `@` and a drive
 * letter's colon, and Node's `pathToFileURL` does not. The server compares URIs as strings, so every
 * file URI that arrives is turned into the form that `pathToFileURL` gives.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Canonical forms already computed, by the URI as given. Cleared when it grows past the cap. */
const known = new Map<string, string>();
const MAX_KNOWN = 10_000;

/** Returns the canonical spelling of a file URI; any other URI is returned as it is. */
export function canonicalUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  let canonical = known.get(uri);
  if (canonical !== undefined) return canonical;
  canonical = respell(uri);
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(uri, canonical);
  return canonical;
}

function respell(uri: string): string {
  try {
    const href = pathToFileURL(fileURLToPath(uri)).href;
    // Windows drive letters are case-insensitive: `C:` and `c:` name the same drive.
    return process.platform === 'win32'
      ? href.replace(
          /^file:\/\/\/([A-Z]):/,
          (_, drive: string) => `file:///${drive.toLowerCase()}:`,
        )
      : href;
  } catch {
    // A URI that names no local file (a host, a bad escape) is kept as the client wrote it.
    return uri;
  }
}
