/** Fetches a remote document for a `$ref`, only when the user has allowed remote references. */

/** How long one remote document may take to arrive, in milliseconds. */
const FETCH_TIMEOUT_MS = 10_000;

/** The largest remote document accepted, in bytes. */
const MAX_REMOTE_BYTES = 10 * 1024 * 1024;

export async function fetchRemoteDocument(url: string): Promise<string> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new Error(`${url} is not an http or https URL.`);
  const response = await fetch(url, {
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    redirect: 'follow',
  });
  if (!response.ok)
    throw new Error(`the server responded ${response.status} ${response.statusText}.`);
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_REMOTE_BYTES)
    throw new Error(`it is ${length} bytes, more than the limit of ${MAX_REMOTE_BYTES}.`);
  const text = await response.text();
  if (text.length > MAX_REMOTE_BYTES)
    throw new Error(`it is larger than the limit of ${MAX_REMOTE_BYTES} bytes.`);
  return text;
}
