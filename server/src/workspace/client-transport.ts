/**
 * The server's end of the connection, which translates URIs at the border. Every file URI that
 * arrives is turned into its canonical form (see uris.ts). Every URI that leaves gets the spelling
 * the client used for that file, because strict clients match diagnostics, locations and edits to
 * their documents by comparing URI strings.
 */
import {
  createServerPipeTransport,
  createServerSocketTransport,
  Disposable,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { canonicalUri } from './uris';

/**
 * The message fields that contain one URI.
 * NOTE: a URI inside a command's arguments is not among them and reaches the server as written.
 */
const URI_KEYS = new Set(['uri', 'rootUri', 'targetUri', 'oldUri', 'newUri']);

/** The client's spelling of each file whose canonical URI differs from it, by canonical URI. */
export class ClientSpellings {
  private readonly spellings = new Map<string, string>();

  /** Turns the file URIs of an incoming message into canonical ones, in place. */
  fromClient(message: unknown): void {
    if (Array.isArray(message)) {
      for (const item of message) this.fromClient(item);
      return;
    }
    if (message === null || typeof message !== 'object') return;
    const record = message as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (URI_KEYS.has(key) && typeof value === 'string') record[key] = this.canonical(value);
      else if (typeof value === 'object') this.fromClient(value);
    }
  }

  /** Returns the outgoing message with canonical URIs spelled as the client spells them. */
  toClient<T>(message: T): T {
    return this.spellings.size === 0 ? message : (this.respell(message) as T);
  }

  private canonical(uri: string): string {
    const canonical = canonicalUri(uri);
    if (canonical !== uri) this.spellings.set(canonical, uri);
    return canonical;
  }

  private clientUri(uri: string): string {
    return this.spellings.get(uri) ?? uri;
  }

  /** Copies the value with its URIs respelled, because the original may be a cached server object. */
  private respell(value: unknown, key?: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.respell(item));
    if (value === null || typeof value !== 'object') {
      return key !== undefined && URI_KEYS.has(key) && typeof value === 'string'
        ? this.clientUri(value)
        : value;
    }
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      copy[name] = this.respell(item, name);
    }
    // A workspace edit's `changes` is keyed by document URI.
    if (key === 'changes' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(copy).map(([uri, edits]) => [this.clientUri(uri), edits]),
      );
    }
    return copy;
  }
}

/**
 * Creates the reader and writer for the transport named on the command line (`--node-ipc`,
 * `--stdio`, `--socket=PORT`, `--pipe=NAME`), with URIs translated at the border.
 */
export function createClientTransport(
  spellings: ClientSpellings,
): [MessageReader, MessageWriter] | undefined {
  const transport = transportFromArguments(process.argv.slice(2));
  if (transport === undefined) return undefined;
  const [reader, writer] = transport;
  return [translatingReader(reader, spellings), translatingWriter(writer, spellings)];
}

function transportFromArguments(args: string[]): [MessageReader, MessageWriter] | undefined {
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = (args[i] ?? '').split('=', 2);
    const value = inline ?? args[i + 1];
    if (name === '--node-ipc')
      return [new IPCMessageReader(process), new IPCMessageWriter(process)];
    if (name === '--stdio') return stdioTransport();
    if (name === '--socket' && value !== undefined) {
      return createServerSocketTransport(Number.parseInt(value, 10));
    }
    if (name === '--pipe' && value !== undefined) return createServerPipeTransport(value);
  }
  return undefined;
}

function stdioTransport(): [MessageReader, MessageWriter] {
  // Standard output carries the protocol: anything logged goes to standard error instead.
  console.log = console.info = console.debug = console.error;
  // The editor closing the pipe ends the server, as it does when the library owns the streams.
  const exit = (): never => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  return [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
}

let shutdownReceived = false;

function translatingReader(reader: MessageReader, spellings: ClientSpellings): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback): Disposable =>
      reader.listen((message: Message) => {
        if ((message as { method?: string }).method === 'shutdown') shutdownReceived = true;
        spellings.fromClient(message);
        callback(message);
      }),
    dispose: () => reader.dispose(),
  };
}

function translatingWriter(writer: MessageWriter, spellings: ClientSpellings): MessageWriter {
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    write: (message) => writer.write(spellings.toClient(message)),
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}
