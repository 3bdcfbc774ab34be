/**
 * A language client for tests: starts the bundled server as a child process and talks LSP to it
 * over standard input and output, as an editor does.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  ClientCapabilities,
  createProtocolConnection,
  Diagnostic,
  InitializeRequest,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist/server.js');

interface Waiter {
  uri: string;
  predicate: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: Waiter[] = [];
  private stderr = '';

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.uri !== params.uri || !waiter.predicate(params)) return true;
        waiter.resolve(params);
        return false;
      });
    });
  }

  static async start(
    options: {
      rootUri?: string;
      initializationOptions?: unknown;
      capabilities?: ClientCapabilities;
      nodeArgs?: string[];
    } = {},
  ): Promise<TestClient> {
    const args = [...(options.nodeArgs ?? []), SERVER_BUNDLE, '--stdio'];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new TestClient(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => {
      client.stderr += chunk.toString();
    });
    connection.listen();
    const rootUri = options.rootUri ?? null;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri === null ? null : [{ uri: rootUri, name: 'workspace' }],
      capabilities: options.capabilities ?? {
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          completion: { completionItem: { snippetSupport: true } },
        },
        workspace: { workspaceFolders: true },
      },
      initializationOptions: options.initializationOptions ?? { diagnosticsDelay: 5 },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'comm-yaml', version, text },
    });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri`, published from now on, that satisfy `predicate`. */
  diagnostics(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `No matching diagnostics for ${uri} within ${timeoutMs} ms. Server stderr:\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        uri,
        predicate,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  }

  /** Diagnostics for a given document version. */
  diagnosticsForVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.diagnostics(uri, (params) => params.version === version);
  }

  get errorOutput(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already have gone; the process is killed below either way.
    }
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

export function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code));
}
