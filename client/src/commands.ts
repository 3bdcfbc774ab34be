/** Registers commands that need the language server, so that they explain why when it is down. */
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { describeState } from './language-client';

export type ClientProvider = () => LanguageClient | undefined;

/**
 * Registers a command that runs only while the server runs; otherwise it says why it cannot run.
 * `action` describes the command for that message, as in "generate a client".
 */
export function registerServerCommand(
  context: vscode.ExtensionContext,
  id: string,
  action: string,
  getClient: ClientProvider,
  run: (client: LanguageClient, ...args: unknown[]) => Promise<unknown> | unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      const client = getClient();
      if (client === undefined || client.state !== State.Running) {
        const state = client === undefined ? 'not started' : describeState(client.state);
        const choice = await vscode.window.showErrorMessage(
          `Switchboard cannot ${action} because its language server is ${state}. ` +
            "Run 'Switchboard: Restart Server', or open the 'Switchboard' output channel to see why it stopped.",
          'Restart Server',
          'Open Output',
        );
        if (choice === 'Restart Server') await vscode.commands.executeCommand('switchboard.restartServer');
        if (choice === 'Open Output') await vscode.commands.executeCommand('switchboard.showOutput');
        return undefined;
      }
      return run(client, ...args);
    }),
  );
}
