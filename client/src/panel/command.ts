/** The 'Switchboard: Simulate Flow' command: opens the simulation panel for a contract. */
import * as vscode from 'vscode';
import { ClientProvider, registerServerCommand } from '../commands';
import { SimulationPanel } from './simulation-panel';

export const SIMULATE_FLOW_COMMAND = 'switchboard.simulateFlow';

/**
 * Registers the command. Its optional arguments are the contract's URI (a Uri or a string) and the
 * name of a flow to run at once. Without a URI it uses the contract in the active editor.
 */
export function registerSimulateFlow(
  context: vscode.ExtensionContext,
  getClient: ClientProvider,
  output: vscode.LogOutputChannel,
): void {
  registerServerCommand(
    context,
    SIMULATE_FLOW_COMMAND,
    'simulate a flow',
    getClient,
    (client, ...args) => {
      const uri = contractUri(args[0]);
      if (uri === undefined) {
        void vscode.window.showErrorMessage(
          'Switchboard cannot simulate a flow: open a contract (comm.yaml or *.comm.yaml) in the editor first, or pass its URI.',
        );
        return;
      }
      const flow = args[1];
      if (flow !== undefined && typeof flow !== 'string') {
        void vscode.window.showErrorMessage(
          `Switchboard cannot simulate flow ${JSON.stringify(flow)}: the flow name must be a string.`,
        );
        return;
      }
      SimulationPanel.show(context, client, output, uri, flow);
    },
  );
}

function contractUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value !== '') return vscode.Uri.parse(value);
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'comm-yaml' ? document.uri : undefined;
}
