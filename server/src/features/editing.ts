/**
 * Registers navigation, outline, folding, selection and quick-fix handlers, and declares their
 * capabilities. Each handler reads the latest text of the documents, not the last validation.
 */
import type {
  ClientCapabilities,
  Connection,
  ServerCapabilities,
} from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { ContractWorkspace } from '../workspace/workspace';
import { ClientEdits, codeActions } from './code-actions';
import { foldingRanges } from './folding';
import { definition, highlights, prepareRename, references, rename } from './navigation';
import { documentSymbols, workspaceSymbols } from './outline';
import { selectionRanges } from './selection';

const CAPABILITIES: ServerCapabilities = {
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

export interface EditingFeatures {
  /** Returns the capabilities to announce, and notes what the client can apply. */
  capabilities(client: ClientCapabilities): ServerCapabilities;
}

export function registerEditingFeatures(
  connection: Connection,
  workspace: ContractWorkspace,
): EditingFeatures {
  const clientEdits: ClientEdits = { canCreateFiles: false, versionedEdits: false };
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
  connection.onCodeAction((params) => codeActions(workspace, params, clientEdits));

  return {
    capabilities(client) {
      const edits = client.workspace?.workspaceEdit;
      clientEdits.versionedEdits = edits?.documentChanges === true;
      clientEdits.canCreateFiles =
        clientEdits.versionedEdits && (edits?.resourceOperations ?? []).includes('create');
      return CAPABILITIES;
    },
  };
}
