import type { Path } from './tree';

/** The contract's sections of named definitions, with the noun for one of their entries. */
export const SECTION_NOUNS: Readonly<Record<string, string>> = {
  brokers: 'broker',
  services: 'service',
  routes: 'route',
  messages: 'message',
  channels: 'channel',
  queues: 'queue',
  policies: 'policy',
  schemas: 'schema',
  flows: 'flow',
};

/** Names a place in the contract for a message, such as `'timeout' of route 'create-order'`. */
export function describePath(path: Path): string {
  if (path.length === 0) return 'the contract';
  if (path[0] === 'gateway' && path[1] === 'authentication' && path.length > 2) {
    const scheme = `authentication scheme '${String(path[2])}'`;
    return path.length === 3 ? scheme : `'${formatPath(path.slice(3))}' of ${scheme}`;
  }
  const [section, name, ...rest] = path;
  const noun = typeof section === 'string' ? SECTION_NOUNS[section] : undefined;
  if (noun === undefined || name === undefined) {
    if (path.length === 1 && section === 'gateway') return 'the gateway';
    return `'${formatPath(path)}'`;
  }
  const owner = `${noun} '${String(name)}'`;
  return rest.length === 0 ? owner : `'${formatPath(rest)}' of ${owner}`;
}

/** Writes a path the way a reader finds it in the file: `faults.payments.latency` or `expect[0]`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Writes `a, b or c`. */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** Parses an ajv instance path such as `/messages/A~1B/0` into its segments. */
export function parseInstancePath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
