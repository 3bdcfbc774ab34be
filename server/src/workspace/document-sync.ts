/**
 * Keeps the workspace in step with the editor: open, edited and closed documents, and files that
 * change on disk, each followed by the checks of the contracts they belong to.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticsPublisher } from '../features/diagnostics';
import type { ContractWorkspace } from './workspace';

export function registerDocumentSync(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  workspace: ContractWorkspace,
  diagnostics: DiagnosticsPublisher,
): void {
  documents.onDidOpen(({ document }) => {
    workspace.openDocument(document.uri, document.version, document.getText());
    // Searching the workspace for includers happens here, once, rather than on every edit.
    workspace.linkIncludersOnDisk(document.uri);
    diagnostics.schedule(document.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    workspace.updateDocument(document.uri, document.version, document.getText());
    diagnostics.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    workspace.closeDocument(document.uri);
    diagnostics.closed(document.uri);
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      workspace.fileChanged(change.uri);
      for (const uri of [change.uri, ...workspace.relink(change.uri)]) diagnostics.schedule(uri);
    }
  });
}
