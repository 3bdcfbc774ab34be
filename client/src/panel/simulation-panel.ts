/**
 * The simulation panel's host: one webview beside the editor that runs a contract's flows in the
 * language server and shows their trace, timeline, metrics and expectations.
 */
import * as vscode from 'vscode';
import { CancellationTokenSource, LanguageClient } from 'vscode-languageclient/node';
import {
  FlowInfo,
  FlowListRequest,
  SimulateRequest,
  SimulateResult,
  SimulationProgressNotification,
  SimulationProgressParams,
} from '../../../server/src/protocol';
import { createNonce, panelHtml } from './html';
import { HostMessage, PageMessage, parsePageMessage } from './messages';

const VIEW_TYPE = 'switchboard.simulation';
/** Trace events the panel requests from the server for the sequence diagram. */
const STREAMED_EVENTS = 500;

export class SimulationPanel implements vscode.Disposable {
  private static current: SimulationPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private flows: FlowInfo[] = [];
  private result: SimulateResult | undefined;
  private running: { runId: string; cancel: CancellationTokenSource } | undefined;
  private runCount = 0;
  private pendingFlow: string | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly output: vscode.LogOutputChannel,
    private uri: vscode.Uri,
    extensionUri: vscode.Uri,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'simulation');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [media] };
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'page.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'page.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((value: unknown) => this.receive(value)),
      client.onNotification(SimulationProgressNotification, (params) => this.progress(params)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows the panel for the contract at `uri`, creating it on first use, and runs `flow` if given. */
  static show(
    context: vscode.ExtensionContext,
    client: LanguageClient,
    output: vscode.LogOutputChannel,
    uri: vscode.Uri,
    flow: string | undefined,
  ): void {
    let current = SimulationPanel.current;
    if (current === undefined) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Switchboard Simulation',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          retainContextWhenHidden: true,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media', 'simulation')],
        },
      );
      current = new SimulationPanel(panel, client, output, uri, context.extensionUri);
      SimulationPanel.current = current;
    } else {
      current.uri = uri;
      current.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    current.pendingFlow = flow;
    void current.loadFlows();
  }

  dispose(): void {
    this.running?.cancel.cancel();
    if (SimulationPanel.current === this) SimulationPanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async loadFlows(): Promise<void> {
    try {
      this.flows = await this.client.sendRequest(FlowListRequest, { uri: this.uri.toString() });
    } catch (error) {
      this.fail(undefined, `Cannot list the flows of ${this.uri.fsPath}: ${messageOf(error)}`);
      return;
    }
    const selected = this.pendingFlow ?? this.flows[0]?.name;
    this.post({
      type: 'flows',
      contract: vscode.workspace.asRelativePath(this.uri),
      flows: this.flows,
      selected,
    });
    const flow = this.pendingFlow;
    this.pendingFlow = undefined;
    if (flow !== undefined) await this.run(flow, undefined);
  }

  private receive(value: unknown): void {
    const names = this.flows.map((flow) => flow.name);
    const message = parsePageMessage(value, names, this.result?.sources.length ?? 0);
    if (message === undefined) {
      this.output.warn(
        `The simulation panel sent a message that is not valid; it is ignored: ${preview(value)}`,
      );
      return;
    }
    void this.handle(message);
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.loadFlows();
      case 'run':
        return this.run(message.flow, message.seed);
      case 'cancel':
        this.running?.cancel.cancel();
        return;
      case 'reveal':
        return this.reveal(message.source);
    }
  }

  private async run(flow: string, seed: number | undefined): Promise<void> {
    this.running?.cancel.cancel();
    const runId = `run-${++this.runCount}`;
    const cancel = new CancellationTokenSource();
    this.running = { runId, cancel };
    this.post({ type: 'started', runId, flow, seed });
    this.output.info(
      `Simulating flow '${flow}' of ${this.uri.fsPath}${seed === undefined ? '' : ` with seed ${seed}`}.`,
    );
    try {
      const result = await this.client.sendRequest(
        SimulateRequest,
        {
          uri: this.uri.toString(),
          flow,
          runId,
          traceLimit: STREAMED_EVENTS,
          ...(seed === undefined ? {} : { seed }),
        },
        cancel.token,
      );
      this.result = result;
      this.post({ type: 'result', result });
    } catch (error) {
      this.output.error(`Simulating flow '${flow}' failed: ${messageOf(error)}`);
      this.fail(runId, messageOf(error));
    } finally {
      if (this.running?.runId === runId) this.running = undefined;
      cancel.dispose();
    }
  }

  private progress(params: SimulationProgressParams): void {
    if (params.runId !== this.running?.runId) return;
    this.post({ type: 'progress', ...params });
  }

  private async reveal(index: number): Promise<void> {
    const source = this.result?.sources[index];
    if (source === undefined) return;
    const range = new vscode.Range(
      source.range.start.line,
      source.range.start.character,
      source.range.end.line,
      source.range.end.character,
    );
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
  }

  private fail(runId: string | undefined, message: string): void {
    this.post({ type: 'failed', runId, message });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
