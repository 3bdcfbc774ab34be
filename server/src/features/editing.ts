/**
 * Registers the editing features and declares their capabilities: completion, hover, code lenses
 * and formatting; navigation, rename, outline, folding, selection and quick fixes. Each handler
 * reads the latest text of the documents, not the last validation.
 */
import type { Connection, ServerCapabilities } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { ContractWorkspace } from '../workspace/workspace';
import { codeActions } from './code-actions';
import { codeLenses } from './code-lens';
import { completionItems } from './completion';
import { contractAt } from './contract-at';
import { foldingRanges } from './folding';
import { formatEdits } from './formatting';
import { hoverAt } from './hover';
import { definition, highlights, prepareRename, references, rename } from './navigation';
import { documentSymbols, workspaceSymbols } from './outline';
import { selectionRanges } from './selection';

export const EDITING_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: [' ', "'", '"'] },
  hoverProvider: true,
  codeLensProvider: { resolveProvider: false },
  documentFormattingProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: 'Switchboard' },
  workspaceSymbolProvider: true,
  foldingRangeProvider: true,
  selectionRangeProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

export function registerEditingFeatures(
  connection: Connection,
  workspace: ContractWorkspace,
): void {
  registerAssistance(connection, workspace);
  registerNavigation(connection, workspace);
}

function registerAssistance(connection: Connection, workspace: ContractWorkspace): void {
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

function registerNavigation(connection: Connection, workspace: ContractWorkspace): void {
  connection.onDefinition(({ textDocument, position }) =>
    definition(workspace, textDocument.uri, position),
  );
  connection.onReferences(({ textDocument, position, context }) =>
    references(workspace, textDocument.uri, position, context.includeDeclaration),
  );
  connection.onDocumentHighlight(({ textDocument, position }) =>
    highlights(workspace, textDocument.uri, position),
  );
  connection.onPrepareRename(({ textDocument, position }) =>
    prepareRename(workspace, textDocument.uri, position),
  );
  connection.onRenameRequest(({ textDocument, position, newName }) =>
    rename(workspace, textDocument.uri, position, newName),
  );
  connection.onDocumentSymbol(({ textDocument }) => {
    const file = workspace.get(textDocument.uri);
    return file === undefined ? null : documentSymbols(file);
  });
  connection.onWorkspaceSymbol(({ query }) => workspaceSymbols(workspace, query));
  connection.onFoldingRanges(({ textDocument }) => {
    const file = workspace.get(textDocument.uri);
    return file === undefined ? null : foldingRanges(file);
  });
  connection.onSelectionRanges(({ textDocument, positions }) => {
    const file = workspace.get(textDocument.uri);
    return file === undefined ? null : selectionRanges(file, positions);
  });
  connection.onCodeAction((params) => codeActions(workspace, params));
}
