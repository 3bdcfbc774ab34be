/**
 * Requests and notifications beyond LSP, typed once for the server and the extension. The method
 * names all start with `switchboard/`.
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface DocumentTextParams {
  uri: string;
}

export interface DocumentTextResult {
  version: number;
  text: string;
}

/** Returns the text and version the server holds for an open document; for tools and tests. */
export const DocumentTextRequest = new RequestType<DocumentTextParams, DocumentTextResult | null, void>(
  'switchboard/documentText',
);

export interface GenerateClientParams {
  /** The contract file to generate from; its own analysis includes the files it includes. */
  uri: string;
  /** The absolute path of the output folder. */
  outDir: string;
  /** Whether to replace generated files that a person changed since they were generated. */
  overwrite: boolean;
  /** The service whose client the result's `entry` names; the whole contract is generated. */
  service?: string;
}

export interface GenerateClientResult {
  /**
   * 'written': every file was written. 'confirm': some files were changed by a person, so nothing
   * was written and `changed` lists them. 'blocked': the contract has errors or colliding names.
   * 'failed': generation failed, and `message` gives the reason.
   */
  status: 'written' | 'confirm' | 'blocked' | 'failed';
  /** A sentence for the user. */
  message: string;
  /** Absolute paths of the files written. */
  written: string[];
  /** Absolute paths of files a person changed since they were generated, or did not generate. */
  changed: string[];
  /** The absolute path of the file to open: the service's client, or the index. */
  entry?: string;
}

/** Generates the TypeScript client of a contract into a folder. */
export const GenerateClientRequest = new RequestType<
  GenerateClientParams,
  GenerateClientResult,
  void
>('switchboard/generateClient');
