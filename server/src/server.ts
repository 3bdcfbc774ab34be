/** The language server: wires the connection to the workspace and the features. */
import {
  ConnectionStrategy,
  createConnection,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  ProposedFeatures,
  RequestMessage,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { filePath } from './contract/includes';
import { DiagnosticsPublisher } from './features/diagnostics';
import { registerAssistance } from './features/assistance';
import { registerEditingFeatures } from './features/editing';
import { registerSimulation } from './features/simulation';
import { PRODUCT_VERSION } from './cli/version';
import { generateClientFor } from './features/generate-client';
import { DocumentTextRequest, GenerateClientRequest } from './protocol';
import { registerInteropRequests } from './interop/requests';
import { ContractWorkspace } from './workspace/workspace';
import { ClientSpellings, createClientTransport } from './workspace/client-transport';
import { registerDocumentSync } from './workspace/document-sync';
import { limitHeapGrowth } from './util/heap';

export function startServer(): void {
  limitHeapGrowth();
  const strategy: ConnectionStrategy = {
    // A request cancelled before it started gets its error at once instead of running.
    cancelUndispatched: (message) => ({
      jsonrpc: '2.0',
      id: (message as RequestMessage).id,
      error: new ResponseError(
        LSPErrorCodes.RequestCancelled,
        'The request was cancelled.',
      ).toJson(),
    }),
  };
  const transport = createClientTransport(new ClientSpellings());
  const connection =
    transport === undefined
      ? createConnection(ProposedFeatures.all, { connectionStrategy: strategy })
      : createConnection(ProposedFeatures.all, ...transport, { connectionStrategy: strategy });
  const documents = new TextDocuments(TextDocument);
  const workspace = new ContractWorkspace();
  const diagnostics = new DiagnosticsPublisher(connection, workspace);
  const editing = registerEditingFeatures(connection, workspace);
  const assistance = registerAssistance(connection, workspace);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = (params.workspaceFolders ?? [])
      .map((folder) => filePath(folder.uri))
      .filter((folder): folder is string => folder !== undefined);
    workspace.setWorkspaceFolders(folders);
    const options = params.initializationOptions as { diagnosticsDelay?: unknown } | undefined;
    if (typeof options?.diagnosticsDelay === 'number' && options.diagnosticsDelay >= 0) {
      diagnostics.delay = options.diagnosticsDelay;
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...assistance.capabilities(params.capabilities),
        ...editing.capabilities(params.capabilities),
      },
      serverInfo: { name: 'switchboard', version: PRODUCT_VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(
      `Switchboard language server ${PRODUCT_VERSION} started (diagnostics delay ${diagnostics.delay} ms).`,
    );
  });

  registerDocumentSync(connection, documents, workspace, diagnostics);

  connection.onRequest(DocumentTextRequest, ({ uri }) => {
    const document = documents.get(uri);
    return document === undefined ? null : { version: document.version, text: document.getText() };
  });
  registerInteropRequests(connection, workspace);

  registerSimulation(connection, workspace);
  connection.onRequest(GenerateClientRequest, (params) => generateClientFor(workspace, params));

  documents.listen(connection);
  connection.listen();
}
