/** The Switchboard extension: starts the language server and registers the commands. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerServerCommand } from './commands';
import { generateClient } from './generate-client';
import { registerInteropCommands } from './interop';
import { createLanguageClient } from './language-client';
import { registerSimulateFlow } from './panel/command';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Switchboard', { log: true });
  context.subscriptions.push(output);
  const version = String(context.extension.packageJSON.version ?? 'unknown');
  output.info(`Switchboard ${version} activated; trace level: ${traceSetting()}.`);

  context.subscriptions.push(
    vscode.commands.registerCommand('switchboard.showOutput', () => output.show()),
    vscode.commands.registerCommand('switchboard.restartServer', async () => {
      output.info('Restarting the language server.');
      try {
        // A new client starts with a new crash count, so a restart by hand gets the full number of
        // automatic restarts again.
        const previous = client;
        client = undefined;
        await previous?.dispose();
        client = createLanguageClient(context, output);
        await client.start();
        output.info('The language server is running.');
      } catch (error) {
        output.error(`The language server could not be restarted: ${String(error)}`);
        void vscode.window.showErrorMessage(
          `The Switchboard language server could not be restarted: ${String(error)}. See the 'Switchboard' output channel.`,
        );
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('switchboard'))
        output.info(`Settings changed; trace level: ${traceSetting()}.`);
    }),
  );

  registerSimulateFlow(context, currentClient, output);
  registerServerCommand(
    context,
    'switchboard.generateClient',
    'generate a client',
    currentClient,
    (running, ...args) => generateClient(running, output, args[0], args[1]),
  );
  registerInteropCommands(context, output, currentClient);

  client = createLanguageClient(context, output);
  try {
    await client.start();
    output.info('The language server is running.');
  } catch (error) {
    output.error(`The language server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `The Switchboard language server failed to start: ${String(error)}. See the 'Switchboard' output channel.`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The client in use, for commands; undefined before activation or after deactivation. */
export function currentClient(): LanguageClient | undefined {
  return client;
}

function traceSetting(): string {
  return vscode.workspace.getConfiguration('switchboard').get<string>('trace.server', 'off');
}
