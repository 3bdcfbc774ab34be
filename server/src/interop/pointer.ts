/** JSON Pointers (RFC 6901): the paths that $refs and import notes use. */

export type PointerSegment = string | number;

export function encodePointer(segments: readonly PointerSegment[]): string {
  return segments
    .map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('');
}

/** Splits a pointer such as `/components/schemas/Pet` into its segments; `''` is the whole document. */
export function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '' ? [] : [''];
  const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return body
    .split('/')
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function appendPointer(pointer: string, ...segments: PointerSegment[]): string {
  return pointer + encodePointer(segments);
}

/** Returns the value at `segments` inside `root`, or undefined when the path does not exist. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
