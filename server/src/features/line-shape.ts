/**
 * The block structure of one line of YAML, read from its text alone: its indentation, its sequence
 * dashes, its key and where its value starts. Completion and code actions use it where the text
 * is not yet valid YAML, so it never fails; it reads what it can and leaves the rest undefined.
 */

export interface LineShape {
  /** Number of leading spaces. */
  indent: number;
  /** Columns of the `- ` markers of sequence items, left to right. */
  dashes: number[];
  /** The block mapping key after the dashes, if the line has one. */
  key: LineKey | undefined;
  /** Column of the first character after the key's colon or after the dashes, or -1. */
  valueStart: number;
  /** The value's text up to a comment, trimmed; empty when there is none. */
  value: string;
  /** The line is empty or only white space. */
  blank: boolean;
  /** The first character that is not white space is `#`. */
  comment: boolean;
}

export interface LineKey {
  /** The key as a string: quotes removed. */
  name: string;
  /** Column of the key's first character, its quote included. */
  start: number;
  /** Column just past the key's last character. */
  end: number;
  /** Column of the colon. */
  colon: number;
}

// A plain key, or a single- or double-quoted one, then white space and a colon followed by white
// space or the end of the line. The plain form matches the one chunks.ts splits at.
const KEY = /^(?:([^\s\-?:,[\]{}#&*!|>'"%@`][^:#]*?|-[^\s:#][^:#]*?)|"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')[ \t]*:(?=[ \t]|$)/;

export function lineShape(text: string): LineShape {
  let position = 0;
  while (text.charCodeAt(position) === 32) position++;
  const indent = position;
  const blank = text.trim() === '';
  const comment = !blank && text[position] === '#';
  const dashes: number[] = [];
  if (blank || comment) return { indent, dashes, key: undefined, valueStart: -1, value: '', blank, comment };

  while (text[position] === '-' && (position + 1 === text.length || text[position + 1] === ' ')) {
    dashes.push(position);
    position++;
    while (text.charCodeAt(position) === 32) position++;
  }

  const match = KEY.exec(text.slice(position));
  let key: LineKey | undefined;
  let valueStart = dashes.length > 0 ? position : -1;
  if (match !== null) {
    const raw = match[0];
    const colon = position + raw.lastIndexOf(':');
    const name = match[1] ?? (match[2] !== undefined ? unescapeDouble(match[2]) : (match[3] ?? '').replace(/''/g, "'"));
    const keyText = raw.slice(0, raw.lastIndexOf(':')).trimEnd();
    key = { name: name.trimEnd(), start: position, end: position + keyText.length, colon };
    valueStart = colon + 1;
  }
  const value = valueStart < 0 ? '' : stripComment(text.slice(valueStart)).trim();
  return { indent, dashes, key, valueStart, value, blank, comment };
}

/** Removes a trailing comment: a `#` at the start or after white space, outside quotes. */
export function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s[{,:]/.test(text[i - 1]!)) quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      return text.slice(0, i);
    }
  }
  return text;
}

/** Returns a scalar's text without its quotes. */
export function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return unescapeDouble(text.slice(1, -1));
  return text;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char));
}

/** Whether a value starts a block scalar: `|` or `>` with optional indicators, after an anchor or tag. */
export function isBlockScalarHeader(value: string): boolean {
  return /^(?:[&!][^\s]*\s+)*[|>][-+0-9]*$/.test(value);
}

/** Whether a value is only an anchor or a tag, so the node continues on the next lines. */
export function isNodeProperties(value: string): boolean {
  return /^(?:[&!][^\s]*)(?:\s+[&!][^\s]*)*$/.test(value);
}
