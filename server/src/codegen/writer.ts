/** Builds generated source line by line, with two-space indentation and JSDoc comments. */
import { commentLines, LINE_WIDTH } from './literals';

export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  /** The indentation of the next line, in spaces. */
  get indent(): number {
    return this.depth * 2;
  }

  /** Adds a line at the current indentation; text with line breaks adds several lines. */
  line(text = ''): this {
    for (const part of text.split('\n')) {
      this.lines.push(part === '' ? '' : ' '.repeat(this.indent) + part);
    }
    return this;
  }

  /** Adds `open`, the lines `body` writes one level deeper, and `close`. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    return this.line(close);
  }

  /**
   * Adds a JSDoc comment of paragraphs, each wrapped at the line width; contract text in them is
   * escaped by commentLines. Nothing is added when every paragraph is empty.
   */
  doc(paragraphs: ReadonlyArray<string | undefined>): this {
    const kept = paragraphs.filter(
      (paragraph): paragraph is string => (paragraph ?? '').trim() !== '',
    );
    if (kept.length === 0) return this;
    const width = LINE_WIDTH - this.indent - 3;
    const body: string[] = [];
    kept.forEach((paragraph, index) => {
      if (index > 0) body.push('');
      for (const line of commentLines(paragraph.trim())) body.push(...wrap(line, width));
    });
    if (body.length === 1 && body[0]!.length <= width - 4) return this.line(`/** ${body[0]} */`);
    this.line('/**');
    for (const line of body) this.line(line === '' ? ' *' : ` * ${line}`);
    return this.line(' */');
  }

  /** Adds an empty line unless the previous line is empty or opens a block. */
  blank(): this {
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last.trim() !== '' && !last.endsWith('{')) this.lines.push('');
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

/**
 * Wraps a line of prose at spaces so that it fits `width`; a word longer than the width stays on a
 * line of its own. Leading spaces, as in an indented list or code, are kept on the first line.
 */
export function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indentation = /^ */.exec(line)![0];
  const words = line.slice(indentation.length).split(' ');
  const lines: string[] = [];
  let current = indentation;
  for (const word of words) {
    if (current.trim() !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = indentation + word;
    } else {
      current = current.trim() === '' ? indentation + word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines;
}
