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
