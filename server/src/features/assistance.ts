/** Registers completion, hover, code lenses and formatting, and declares their capabilities. */
import type {
  ClientCapabilities,
  Connection,
  ServerCapabilities,
} from 'vscode-languageserver/node';
import type { ContractWorkspace } from '../workspace/workspace';
import { codeLenses } from './code-lens';
import { CompletionOptions, completionItems } from './completion';
import { contractAt } from './contract-at';
import { formatEdits } from './formatting';
import { hoverAt } from './hover';

const ASSISTANCE_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: [' ', "'", '"'] },
  hoverProvider: true,
  codeLensProvider: { resolveProvider: false },
  documentFormattingProvider: true,
};

/** Registers the handlers. The returned `capabilities` reads the client's at initialization. */
export function registerAssistance(
  connection: Connection,
  workspace: ContractWorkspace,
): { capabilities(client: ClientCapabilities): ServerCapabilities } {
  const options: CompletionOptions = { snippets: false };
  connection.onCompletion(({ textDocument, position }) => {
    const file = workspace.get(textDocument.uri);
    if (file === undefined) return [];
    const offset = file.lines.offsetAt(position);
    return completionItems(file, () => contractAt(workspace, file), offset, options);
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
  return {
    capabilities(client) {
      options.snippets = client.textDocument?.completion?.completionItem?.snippetSupport === true;
      return ASSISTANCE_CAPABILITIES;
    },
  };
}
