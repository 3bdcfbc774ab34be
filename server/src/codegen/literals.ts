/**
 * Writes contract text into generated source: string literals, comments, property keys and data
 * literals. Every function here escapes what could end a string or comment early, start a new
 * line, or show the reader something other than what the compiler reads (bidirectional-text
 * controls), so that no contract text changes what the generated code does.
 */
import { isPlainPropertyName } from './identifiers';

/**
 * Characters escaped in literals and shown escaped in comments: C0 and C1 controls, DEL, the
 * line and paragraph separators, the byte order mark, and the bidirectional formatting characters
 * of Unicode's "Trojan Source" advisory (CVE-2021-42574).
 */
const UNSAFE_CHARACTER =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function unicodeEscape(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function isSurrogate(unit: string): boolean {
  const code = unit.charCodeAt(0);
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * Maps each code point of text through `write`, except that a surrogate with no partner, which
 * UTF-8 cannot encode, is written as a `\uXXXX` escape.
 */
function mapCodePoints(text: string, write: (unit: string) => string): string {
  let result = '';
  for (const character of text) {
    // Iterating a string yields whole code points, so a surrogate alone here has no partner.
    result +=
      character.length === 1 && isSurrogate(character)
        ? unicodeEscape(character)
        : write(character);
  }
  return result;
}

function escapeForLiteral(character: string): string {
  const short = SHORT_ESCAPES[character];
  if (short !== undefined) return short;
  return UNSAFE_CHARACTER.test(character) ? unicodeEscape(character) : character;
}

/** Writes text as a single-quoted TypeScript string literal. */
export function stringLiteral(text: string): string {
  return `'${mapCodePoints(text, escapeForLiteral)}'`;
}

/**
 * Splits text into lines for a block comment. Every kind of line break starts a new line, `*\/`
 * cannot close the comment, and unsafe characters are shown as `\uXXXX` so the reader sees them.
 */
export function commentLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => showUnsafe(line).replace(/\*\//g, '*\\/').trimEnd());
}

function showUnsafe(line: string): string {
  return mapCodePoints(line, (character) => {
    if (character === '\t') return '  ';
    return UNSAFE_CHARACTER.test(character) ? unicodeEscape(character) : character;
  });
}

/** Writes text for a `//` comment on one line: line breaks become spaces. */
export function lineComment(text: string): string {
  return commentLines(text).join(' ').trim();
}

/** Writes a property name for an interface or object type: bare when it can be, else quoted. */
export function propertyKey(name: string): string {
  return isPlainPropertyName(name) ? name : stringLiteral(name);
}

/**
 * Writes a property name for an object literal. `__proto__` is written as a computed key, because
 * as a plain or quoted key it would set the object's prototype instead of a property.
 */
export function literalKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return propertyKey(name);
}

/** The column width generated code is wrapped at. */
export const LINE_WIDTH = 100;

/**
 * Writes JSON data (from the contract or a descriptor) as a TypeScript literal, indented by
 * `indent` spaces, on one line when it fits in the line width. Non-finite numbers cannot occur in
 * data parsed from YAML as JSON-compatible values, but are written as `Infinity` and `NaN` if they
 * do.
 */
export function dataLiteral(value: unknown, indent = 0, used = 0): string {
  const flat = flatLiteral(value);
  if (indent + used + flat.length <= LINE_WIDTH) return flat;
  const inner = ' '.repeat(indent + 2);
  const outer = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => `${inner}${dataLiteral(item, indent + 2)},`);
    return `[\n${items.join('\n')}\n${outer}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, item]) => {
      const head = `${literalKey(key)}: `;
      return `${inner}${head}${dataLiteral(item, indent + 2, head.length)},`;
    });
    return `{\n${lines.join('\n')}\n${outer}}`;
  }
  return flat;
}

function flatLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(flatLiteral).join(', ')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, item]) => `${literalKey(key)}: ${flatLiteral(item)}`).join(', ')} }`;
  }
  // Dates, bigints and other values do not come out of the contract's JSON data model.
  return 'undefined';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
