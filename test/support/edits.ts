/**
 * Random edits for property tests: insertions of YAML fragments, deletions, pastes of random
 * characters and reversals of an earlier edit, applied to a local copy of a document the way an
 * editor applies them, so the test has every version's text.
 */
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Diagnostic,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'paste'; at: number; length: number; text: string }
  | { kind: 'undo' };

/** Fragments that change a YAML document's structure, not only its scalars. */
export const FRAGMENTS: readonly string[] = [
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  '\t',
  ':',
  ': ',
  '- ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '&a ',
  '*a',
  '<<: *a',
  '? ',
  '!!str ',
  '!tag ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '\uFEFF',
  '\n  extra:\n    kind: event\n',
  '\nmessages:\n  X:\n    kind: command\n',
  'includes: [other.comm.yaml]\n',
  '$ref: "#/schemas/Missing"',
  '\u0000',
  '\uD800',
  '\uDC00',
  '😀',
  'é',
  '\u2028',
];

/** Characters of a paste: any UTF-16 code unit, lone surrogates and control characters included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const likelyUnit = fc.constantFrom(...'abc: -#"\'[]{}&*!|>\n\r\t 0.9'.split(''));

export const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom(...FRAGMENTS),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('paste' as const),
      at: fc.nat(),
      length: fc.nat({ max: 10 }),
      text: fc.string({ unit: fc.oneof(anyUnit, likelyUnit), maxLength: 30 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'undo' as const }) },
);

interface Applied {
  /** The change that restores the text as it was before the edit. */
  inverse: { start: number; end: number; text: string };
}

/** A document under edit: applies edits as LSP content changes and keeps each version's text. */
export class EditedDocument {
  private document: TextDocument;
  private readonly history: Applied[] = [];
  readonly texts = new Map<number, string>();

  constructor(uri: string, text: string) {
    this.document = TextDocument.create(uri, 'comm-yaml', 1, text);
    this.texts.set(1, text);
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  /** Applies an edit and returns the change to send to the server. */
  apply(edit: Edit): TextDocumentContentChangeEvent {
    const length = this.text.length;
    let start: number;
    let end: number;
    let text: string;
    if (edit.kind === 'undo') {
      const last = this.history.pop();
      if (last === undefined) return this.replace(0, 0, '', false);
      return this.replace(last.inverse.start, last.inverse.end, last.inverse.text, false);
    }
    start = edit.at % (length + 1);
    end = edit.kind === 'insert' ? start : Math.min(length, start + edit.length);
    text = edit.kind === 'delete' ? '' : edit.text;
    return this.replace(start, end, text, true);
  }

  private replace(
    start: number,
    end: number,
    text: string,
    remember: boolean,
  ): TextDocumentContentChangeEvent {
    const range: Range = {
      start: this.document.positionAt(start),
      end: this.document.positionAt(end),
    };
    // Positions clamp offsets between `\r` and `\n` to the line end, as an editor would.
    const from = this.document.offsetAt(range.start);
    const to = this.document.offsetAt(range.end);
    const removed = this.text.slice(from, to);
    const change = { range, text };
    this.document = TextDocument.update(this.document, [change], this.version + 1);
    if (remember)
      this.history.push({ inverse: { start: from, end: from + text.length, text: removed } });
    this.texts.set(this.version, this.text);
    return change;
  }
}

/** Describes the first diagnostic whose range does not lie inside the text, or undefined. */
export function rangeOutside(text: string, diagnostics: readonly Diagnostic[]): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const inside = (line: number, character: number) =>
    Number.isInteger(line) &&
    Number.isInteger(character) &&
    line >= 0 &&
    line < lines.length &&
    character >= 0 &&
    character <= lines[line]!.length;
  for (const diagnostic of diagnostics) {
    const { start, end } = diagnostic.range;
    const ordered =
      start.line < end.line || (start.line === end.line && start.character <= end.character);
    if (!inside(start.line, start.character) || !inside(end.line, end.character) || !ordered) {
      return `${JSON.stringify(diagnostic.range)} (${diagnostic.code}) in a text of ${lines.length} lines`;
    }
  }
  return undefined;
}
