/** Starts the language server and restarts it after a crash, within limits. */
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

/** More crashes than this within the window stop the restarts. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const settings = vscode.workspace.getConfiguration('switchboard');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'comm-yaml' }],
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{comm.yaml,*.comm.yaml}'),
    },
    initializationOptions: { diagnosticsDelay: settings.get<number>('diagnostics.delay', 15) },
    errorHandler: new RestartingErrorHandler(output),
  };
  return new LanguageClient('switchboard', 'Switchboard Language Server', serverOptions, clientOptions);
}

/**
 * Restarts the server after a crash and says so once; after repeated crashes it stops and names the
 * output channel that holds the server's log.
 */
class RestartingErrorHandler implements ErrorHandler {
  private readonly crashes: number[] = [];
  private toldRestart = false;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.error(`Connection to the language server failed: ${error.message}`);
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && this.crashes[0]! < now - RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      this.output.error(`The language server crashed ${this.crashes.length} times in 3 minutes; it will not be restarted.`);
      void vscode.window
        .showErrorMessage(
          `The Switchboard language server crashed ${this.crashes.length} times in 3 minutes and was not restarted. ` +
            "Its log is in the 'Switchboard' output channel. Run 'Switchboard: Restart Server' to try again.",
          'Open Output',
        )
        .then((choice) => {
          if (choice === 'Open Output') this.output.show();
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.warn('The language server stopped unexpectedly; restarting it.');
    if (!this.toldRestart) {
      this.toldRestart = true;
      void vscode.window.showWarningMessage(
        "The Switchboard language server stopped unexpectedly and was restarted. Its log is in the 'Switchboard' output channel.",
      );
    }
    return { action: CloseAction.Restart, handled: true };
  }
}

export function describeState(state: State): string {
  switch (state) {
    case State.Running:
      return 'running';
    case State.Starting:
      return 'starting';
    case State.Stopped:
      return 'stopped';
    default:
      return 'in an unknown state';
  }
}
