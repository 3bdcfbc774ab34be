/** Registers completion, hover, code lenses and formatting, and declares their capabilities. */
import type { Connection, ServerCapabilities } from 'vscode-languageserver/node';
import type { ContractWorkspace } from '../workspace/workspace';
import { codeLenses } from './code-lens';
import { completionItems } from './completion';
import { contractAt } from './contract-at';
import { formatEdits } from './formatting';
import { hoverAt } from './hover';

export const ASSISTANCE_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: [' ', "'", '"'] },
  hoverProvider: true,
  codeLensProvider: { resolveProvider: false },
  documentFormattingProvider: true,
};

export function registerAssistance(connection: Connection, workspace: ContractWorkspace): void {
  connection.onCompletion(({ textDocument, position }) => {
    const file = workspace.get(textDocument.uri);
    if (file === undefined) return [];
    return completionItems(file, () => contractAt(workspace, file), file.lines.offsetAt(position));
  });
  connection.onHover(({ textDocument, position }) => {
    const file = workspace.get(textDocument.uri);
    if (file === undefined) return null;
    return hoverAt(file, () => contractAt(workspace, file), file.lines.offsetAt(position));
  });
  connection.onCodeLens(({ textDocument }) => {
    const file = workspace.get(textDocument.uri);
    return file === undefined ? [] : codeLenses(file);
  });
  connection.onDocumentFormatting(({ textDocument, options }) => {
    const file = workspace.get(textDocument.uri);
    if (file === undefined) return [];
    const result = formatEdits(file, options);
    if (result.error !== undefined) {
      connection.console.warn(`Formatting ${textDocument.uri} skipped: ${result.error}`);
    }
    return result.edits;
  });
}
