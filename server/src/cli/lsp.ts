import { startServer } from '../server';
import { Command, UsageError } from './command';

export const lspCommand: Command = {
  name: 'lsp',
  summary: 'Run the language server, for editors that speak LSP.',
  help: `Usage: switchboard lsp --stdio | --node-ipc | --socket=PORT

Runs the Switchboard language server. Editors start it and talk the Language Server
Protocol over standard input and output (--stdio), a Node IPC channel (--node-ipc)
or a TCP socket on 127.0.0.1 (--socket=PORT).`,
  async run(args) {
    const transports = args.filter((arg) => /^--(stdio|node-ipc|socket=\d+)$/.test(arg));
    if (transports.length !== 1 || transports.length !== args.length) {
      throw new UsageError('Choose one transport: --stdio, --node-ipc or --socket=PORT.');
    }
    startServer();
    // The server runs until the client asks it to exit, which ends the process.
    return new Promise<number>(() => undefined);
  },
};
