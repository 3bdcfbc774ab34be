import { strict as assert } from 'node:assert';
import { fork, spawn } from 'node:child_process';
import {
  createProtocolConnection,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { SERVER_BUNDLE } from '../support/lsp-client';

describe('server transports', () => {
  it('serves over node IPC', async () => {
    // VS Code starts the server this way: a forked process that talks over its IPC channel.
    const child = fork(SERVER_BUNDLE, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(
      new IPCMessageReader(child),
      new IPCMessageWriter(child),
    );
    connection.listen();
    try {
      const uri = URI.file('/nowhere/team (copy)/comm.yaml').toString();
      const published = new Promise<PublishDiagnosticsParams>((resolve) =>
        connection.onNotification(PublishDiagnosticsNotification.type, resolve),
      );
      const result = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { diagnosticsDelay: 0 },
      });
      assert.equal(result.serverInfo?.name, 'switchboard');

      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'comm-yaml', version: 1, text: 'switchboard: 1\n' },
      });
      assert.equal((await published).uri, uri);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('exits when stdin closes', async () => {
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.end();
    // The exit code is 1 because no shutdown request came before the end of input.
    assert.equal(await exited, 1);
  });
});
