/** The import and export commands: they pick files, and the language server does the work. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ExportContractRequest,
  ImportDocumentRequest,
  InteropResult,
} from '../../server/src/protocol';
import { ClientProvider, registerServerCommand } from './commands';

export function registerInteropCommands(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  getClient: ClientProvider,
): void {
  registerServerCommand(
    context,
    'switchboard.importDocument',
    'import a document',
    getClient,
    (client) => importDocument(client, output),
  );
  for (const [id, target, title] of [
    ['switchboard.exportAsyncApi', 'asyncapi', 'AsyncAPI'],
    ['switchboard.exportOpenApi', 'openapi', 'OpenAPI'],
  ] as const) {
    registerServerCommand(context, id, `export as ${title}`, getClient, (client, uri) =>
      exportContract(client, output, target, title, uri instanceof vscode.Uri ? uri : undefined),
    );
  }
}

async function importDocument(
  client: LanguageClient,
  output: vscode.LogOutputChannel,
): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import AsyncAPI or OpenAPI Document',
    canSelectMany: false,
    filters: { 'AsyncAPI or OpenAPI': ['yaml', 'yml', 'json'] },
  });
  const source = picked?.[0];
  if (source === undefined) return;
  const target = await vscode.window.showSaveDialog({
    title: 'Save the Contract As',
    defaultUri: vscode.Uri.joinPath(source, '..', 'comm.yaml'),
    filters: { Contract: ['yaml'] },
  });
  if (target === undefined) return;
  const allowRemoteRefs = vscode.workspace
    .getConfiguration('switchboard')
    .get<boolean>('interop.allowRemoteRefs', false);
  // The save dialog has already asked before replacing an existing file.
  const result = await client.sendRequest(ImportDocumentRequest, {
    uri: source.toString(),
    outUri: target.toString(),
    force: true,
    allowRemoteRefs,
  });
  await report(result, output, target);
}

async function exportContract(
  client: LanguageClient,
  output: vscode.LogOutputChannel,
  target: 'asyncapi' | 'openapi',
  title: string,
  given: vscode.Uri | undefined,
): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const contract =
    given ?? (editor?.document.languageId === 'comm-yaml' ? editor.document.uri : undefined);
  if (contract === undefined) {
    void vscode.window.showErrorMessage(`Open a contract (comm.yaml) to export it as ${title}.`);
    return;
  }
  const name = contract.path
    .split('/')
    .pop()!
    .replace(/(\.comm)?\.ya?ml$/, '');
  const destination = await vscode.window.showSaveDialog({
    title: `Export as ${title}`,
    defaultUri: vscode.Uri.joinPath(contract, '..', `${name}.${target}.yaml`),
    filters: { [title]: ['yaml'] },
  });
  if (destination === undefined) return;
  const result = await client.sendRequest(ExportContractRequest, {
    uri: contract.toString(),
    target,
    outUri: destination.toString(),
    force: true,
  });
  await report(result, output, destination);
}

async function report(
  result: InteropResult,
  output: vscode.LogOutputChannel,
  written: vscode.Uri,
): Promise<void> {
  for (const note of result.notes) {
    const place =
      note.line === undefined
        ? note.uri
        : `${note.uri}:${note.line + 1}:${(note.character ?? 0) + 1}`;
    const line = `${place} ${note.message}`;
    if (note.severity === 'error') output.error(line);
    else if (note.severity === 'warning') output.warn(line);
    else output.info(line);
  }
  const details =
    result.notes.length > 0 ? ` ${result.notes.length} notes are in the output channel.` : '';
  if (!result.written) {
    const choice = await vscode.window.showErrorMessage(result.message + details, 'Open Output');
    if (choice === 'Open Output') output.show();
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    result.message + details,
    'Open File',
    'Open Output',
  );
  if (choice === 'Open File') await vscode.window.showTextDocument(written);
  if (choice === 'Open Output') output.show();
}
