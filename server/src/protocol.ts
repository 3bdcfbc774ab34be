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

export interface ImportDocumentParams {
  /** The file URI of the AsyncAPI or OpenAPI document. */
  uri: string;
  /** The file URI of the contract to write. */
  outUri: string;
  /** Replace the contract file when it exists. */
  force: boolean;
  /** Fetch http and https references, and read files outside the document's folder. */
  allowRemoteRefs: boolean;
}

export interface InteropNoteItem {
  severity: 'error' | 'warning' | 'information';
  message: string;
  uri: string;
  /** 0-based, when the place is known. */
  line?: number;
  character?: number;
}

export interface InteropResult {
  /** Whether the output file was written. */
  written: boolean;
  /** One sentence that says what happened, for a notification. */
  message: string;
  notes: InteropNoteItem[];
}

/** Imports an AsyncAPI or OpenAPI document as a contract file. */
export const ImportDocumentRequest = new RequestType<ImportDocumentParams, InteropResult, void>(
  'switchboard/importDocument',
);

export interface ExportContractParams {
  /** The file URI of the contract's root file. */
  uri: string;
  target: 'asyncapi' | 'openapi';
  /** The file URI of the document to write. */
  outUri: string;
  force: boolean;
}

/** Exports a contract as an AsyncAPI 3.0 or OpenAPI 3.1 document. */
export const ExportContractRequest = new RequestType<ExportContractParams, InteropResult, void>(
  'switchboard/exportContract',
);
