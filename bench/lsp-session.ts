/**
 * Drives a language server over stdio for benchmarks: starts it, responds to the requests servers send
 * to clients, and times how long diagnostics take to arrive. Peak memory comes from the kernel's
 * high-water mark of the server's resident set (VmHWM in /proc), read when the session ends.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import {
  createProtocolConnection,
  Diagnostic,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export interface SessionOptions {
  command: string;
  args: string[];
  languageId: string;
  rootUri: string;
  initializationOptions?: unknown;
  /** Settings returned for workspace/configuration and pushed with didChangeConfiguration. */
  settings?: Record<string, unknown>;
}

export interface Published {
  /** Milliseconds from sending the notification to receiving the diagnostics. */
  ms: number;
  diagnostics: Diagnostic[];
}

export class LspSession {
  private listeners: Array<(params: PublishDiagnosticsParams) => void> = [];

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    private readonly options: SessionOptions,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      for (const listener of [...this.listeners]) listener(params);
    });
  }

  static async start(options: SessionOptions): Promise<LspSession> {
    const child = spawn(options.command, options.args, {
      stdio: ['pipe', 'pipe', process.env.BENCH_STDERR ? 'inherit' : 'ignore'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const session = new LspSession(child, connection, options);
    connection.onRequest(
      'workspace/configuration',
      (params: { items: Array<{ section?: string }> }) =>
        params.items.map(
          (item) =>
            (item.section === undefined ? options.settings : options.settings?.[item.section]) ??
            null,
        ),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri,
      workspaceFolders: [{ uri: options.rootUri, name: 'bench' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          synchronization: { dynamicRegistration: false },
        },
        workspace: { configuration: true, workspaceFolders: true },
      },
      initializationOptions: options.initializationOptions ?? null,
    });
    await connection.sendNotification('initialized', {});
    if (options.settings !== undefined) {
      await connection.sendNotification('workspace/didChangeConfiguration', {
        settings: options.settings,
      });
    }
    return session;
  }

  /** Calls `listener` with every diagnostics notification until the returned function is called. */
  watchDiagnostics(listener: (params: PublishDiagnosticsParams) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((item) => item !== listener);
    };
  }

  /** The server's current resident set size in bytes, from the kernel. */
  residentMemory(): number {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match === null ? NaN : Number(match[1]) * 1024;
  }

  /**
   * Resolves with the next diagnostics published for `uri` and, when the server tags them with a
   * version, for `version` or later.
   */
  nextDiagnostics(
    uri: string,
    version: number,
    timeoutMs = 60_000,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((item) => item !== listener);
        reject(
          new Error(
            `${this.options.command} published no diagnostics for ${uri} in ${timeoutMs} ms.`,
          ),
        );
      }, timeoutMs);
      const listener = (params: PublishDiagnosticsParams) => {
        if (params.uri !== uri || (params.version !== undefined && params.version < version))
          return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((item) => item !== listener);
        resolve(params);
      };
      this.listeners.push(listener);
    });
  }

  /** Opens a document and returns the milliseconds until its first diagnostics. */
  async open(uri: string, text: string): Promise<Published> {
    const started = performance.now();
    const published = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: this.options.languageId, version: 1, text },
    });
    const { diagnostics } = await published;
    return { ms: performance.now() - started, diagnostics };
  }

  /** Applies an edit and returns the milliseconds until the diagnostics that follow it. */
  async change(
    uri: string,
    version: number,
    change: TextDocumentContentChangeEvent,
  ): Promise<Published> {
    const started = performance.now();
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    const { diagnostics } = await published;
    return { ms: performance.now() - started, diagnostics };
  }

  /** The processor time the server has used so far, user and system, in milliseconds. */
  cpuMs(): number {
    const fields = fs
      .readFileSync(`/proc/${this.child.pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // utime and stime, the 14th and 15th fields, in clock ticks of 10 ms; the name before may hold spaces.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** The server's peak resident set size in bytes, from the kernel. */
  peakMemory(): number {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match === null ? NaN : Number(match[1]) * 1024;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(5000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process is killed below either way.
    }
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
