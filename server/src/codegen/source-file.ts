/** A source file that generated code contains verbatim. */
export interface SourceFile {
  /** The path under server/src, with forward slashes, such as 'policy/retry.ts'. */
  readonly path: string;
  readonly text: string;
}

/** The folders under server/src whose TypeScript files are emitted verbatim. */
export const EMBEDDED_FOLDERS: readonly string[] = ['policy', 'codegen/runtime'];
