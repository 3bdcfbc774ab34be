/**
 * The Generate TypeScript Client command. It sends the server a request to generate the client of
 * a contract into the folder of the switchboard.generate.outputFolder setting, requests the user's
 * confirmation before replacing files a person changed, and opens the result.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GenerateClientRequest, type GenerateClientResult } from '../../server/src/protocol';

/** Runs the command; `uriArgument` and `serviceArgument` come from callers such as code lenses. */
export async function generateClient(
  client: LanguageClient,
  output: vscode.LogOutputChannel,
  uriArgument?: unknown,
  serviceArgument?: unknown,
): Promise<GenerateClientResult | undefined> {
  const uri = contractUri(uriArgument);
  if (uri === undefined) {
    void vscode.window.showErrorMessage(
      'Switchboard cannot generate a client: open a contract (comm.yaml or *.comm.yaml) first, or pass its URI.',
    );
    return undefined;
  }
  const outDir = outputFolder(uri);
  const service = typeof serviceArgument === 'string' ? serviceArgument : undefined;
  const request = (overwrite: boolean) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Generating the TypeScript client of ${path.basename(uri.fsPath)}`,
      },
      () =>
        client.sendRequest(GenerateClientRequest, {
          uri: uri.toString(),
          outDir,
          overwrite,
          ...(service === undefined ? {} : { service }),
        }),
    );

  output.info(`Generating the client of ${uri.toString()} into ${outDir}.`);
  let result = await request(false);
  if (result.status === 'confirm') {
    const names = result.changed.map((file) => path.relative(outDir, file)).join(', ');
    const choice = await vscode.window.showWarningMessage(
      `${result.message} Replace them? Your changes to ${names} would be lost.`,
      { modal: true },
      'Replace',
    );
    if (choice !== 'Replace') {
      output.info('Generation cancelled: changed files were kept.');
      return result;
    }
    result = await request(true);
  }
  report(result, output);
  if (result.status === 'written' && result.entry !== undefined) {
    await vscode.window.showTextDocument(vscode.Uri.file(result.entry));
  }
  return result;
}

function report(result: GenerateClientResult, output: vscode.LogOutputChannel): void {
  if (result.status === 'written') {
    output.info(result.message);
    void vscode.window.showInformationMessage(result.message);
  } else {
    output.error(result.message);
    void vscode.window.showErrorMessage(result.message);
  }
}

function contractUri(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  if (typeof argument === 'string' && argument !== '') return vscode.Uri.parse(argument);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'comm-yaml' ? document.uri : undefined;
}

/** Resolves the output folder setting against the contract's workspace folder, else its folder. */
function outputFolder(uri: vscode.Uri): string {
  const setting = vscode.workspace
    .getConfiguration('switchboard', uri)
    .get<string>('generate.outputFolder', 'generated/switchboard');
  if (path.isAbsolute(setting)) return setting;
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
  return path.resolve(folder, setting);
}
