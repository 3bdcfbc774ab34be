/**
 * Import and export notes: what did not map, what was invented, what was refused. Each note names
 * where in the source it comes from, so that nothing is dropped without the user being told.
 */

export type NoteSeverity = 'error' | 'warning' | 'information';

/** A place in a source document: its URI and a JSON Pointer into it. */
export interface SourceRef {
  uri: string;
  pointer: string;
}

export interface InteropNote {
  severity: NoteSeverity;
  message: string;
  uri: string;
  pointer: string;
  /** 0-based line and character of the place, when the document text is known. */
  line?: number;
  character?: number;
}

/** Finds the line and character of a pointer in a loaded document. */
export type Locator = (at: SourceRef) => { line: number; character: number } | undefined;

export class NoteList {
  readonly notes: InteropNote[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly locate: Locator = () => undefined) {}

  add(severity: NoteSeverity, at: SourceRef, message: string): void {
    const key = `${severity}\0${at.uri}\0${at.pointer}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const position = this.locate(at);
    this.notes.push({ severity, message, uri: at.uri, pointer: at.pointer, ...position });
  }

  error(at: SourceRef, message: string): void {
    this.add('error', at, message);
  }

  warn(at: SourceRef, message: string): void {
    this.add('warning', at, message);
  }

  inform(at: SourceRef, message: string): void {
    this.add('information', at, message);
  }

  get hasErrors(): boolean {
    return this.notes.some((note) => note.severity === 'error');
  }
}
