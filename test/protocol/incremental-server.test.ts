/**
 * Edits contracts through the real server, one version at a time, and compares the diagnostics it
 * publishes for each version with those of a fresh analysis of the same texts. The server reuses
 * chunks, definitions and rule findings between versions, but a fresh analysis reuses nothing, as
 * in `switchboard check`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  Diagnostic,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  FoldingRangeRequest,
  Position,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { analyzeContract } from '../../server/src/contract/analysis';
import { FileProvider } from '../../server/src/contract/includes';
import { ContractFile, parseContract } from '../../server/src/contract/parse';
import type { Problem, Severity } from '../../server/src/contract/problem';
import { decodeFileText } from '../../server/src/contract/text';
import { capProblems } from '../../server/src/features/problem-cap';
import { runCli } from '../support/cli';
import { TestClient } from '../support/lsp-client';
import { FRAGMENTS as STRUCTURE_FRAGMENTS } from '../support/edits';
import { TempWorkspace } from '../support/workspace';

const SEVERITIES: Record<Severity, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** A problem as `switchboard check --format json` prints it. */
interface CliProblem {
  file: string;
  range: { start: Position; end: Position };
  severity: string;
  code: string;
  message: string;
}

const CLI_SEVERITIES: Record<number, string> = {
  1: 'error',
  2: 'warning',
  3: 'information',
  4: 'hint',
};

/** The fields of a diagnostic that the tests compare between the server and a fresh analysis. */
interface Shown {
  code: string;
  severity: number | undefined;
  message: string;
  range: string;
  related: string[];
  tags: number[];
}

function rangeText(range: { start: Position; end: Position }): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

function shownFromServer(diagnostic: Diagnostic): Shown {
  return {
    code: String(diagnostic.code),
    severity: diagnostic.severity,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    range: rangeText(diagnostic.range),
    related: (diagnostic.relatedInformation ?? []).map(
      (info) => `${info.location.uri} ${rangeText(info.location.range)} ${info.message}`,
    ),
    tags: diagnostic.tags ?? [],
  };
}

/** Offsets to LSP positions, with \r\n, \r and \n as line breaks, as LSP documents count lines. */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    const code = text.charCodeAt(index);
    if (code === 13 && text.charCodeAt(index + 1) === 10 && index + 1 < offset) continue;
    if (code === 10 || code === 13) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, character: offset - lineStart };
}

interface FreshAnalysis {
  files: Map<string, ContractFile>;
  problems: Problem[];
}

/** One text change: `deleted` characters at `offset` replaced by `inserted`. */
interface TextEdit {
  offset: number;
  deleted: number;
  inserted: string;
}

/**
 * A folder of contract files, some of them open in the server. Every edit goes to the server as an
 * incremental change, and each edit waits for the diagnostics of the new version.
 */
class EditingSession {
  readonly workspace: TempWorkspace;
  /** The text of each open document, by file name. */
  readonly texts = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  /** Other open roots of contracts, besides `root`. */
  otherRoots: string[] = [];
  /**
   * Whether to compare included files too. A file that leaves one of two contracts keeps the
   * diagnostics of the contract checked last, which a separate test shows.
   */
  compareIncluded = true;
  /** Fresh analyses of the current texts, by root; every change clears them. */
  private readonly analyses = new Map<string, FreshAnalysis>();
  /** Open files last edited while the root did not include them. */
  private readonly standalone = new Set<string>();

  constructor(
    readonly client: TestClient,
    files: Record<string, string>,
    readonly root = 'comm.yaml',
  ) {
    this.workspace = new TempWorkspace(files);
  }

  uriOf(name: string): string {
    return this.workspace.uriOf(name);
  }

  /** Opens files, the root first, and waits until each has diagnostics. */
  async open(...names: string[]): Promise<void> {
    for (const name of names) {
      const text = fs.readFileSync(path.join(this.workspace.folder, name), 'utf8');
      const uri = this.uriOf(name);
      const published = this.client.diagnosticsForVersion(uri, 1);
      this.texts.set(name, text);
      this.analyses.clear();
      this.versions.set(name, 1);
      this.client.open(uri, text);
      await published;
    }
  }

  close(): void {
    for (const name of this.texts.keys()) this.client.close(this.uriOf(name));
    this.workspace.remove();
  }

  text(name = this.root): string {
    const text = this.texts.get(name);
    assert.ok(text !== undefined, `${name} is open`);
    return text;
  }

  /** Closes one open document, so that the server reads the file from disk again. */
  async closeFile(name: string): Promise<void> {
    this.texts.delete(name);
    this.versions.delete(name);
    this.standalone.delete(name);
    const published = this.waitForPublications(undefined, 0);
    this.client.close(this.uriOf(name));
    await published;
  }

  /** Applies edits to one open document as one version, and waits for its diagnostics. */
  async edit(name: string, edits: TextEdit[]): Promise<void> {
    let text = this.text(name);
    const changes = edits.map((edit) => {
      const range = {
        start: positionAt(text, edit.offset),
        end: positionAt(text, edit.offset + edit.deleted),
      };
      text = text.slice(0, edit.offset) + edit.inserted + text.slice(edit.offset + edit.deleted);
      return { range, text: edit.inserted };
    });
    const version = this.versions.get(name)! + 1;
    this.versions.set(name, version);
    this.texts.set(name, text);
    const waits = this.waitForPublications(name, version);
    this.client.change(this.uriOf(name), version, changes);
    await waits;
    await this.settle();
  }

  /**
   * Waits until every diagnostic of the last validation has arrived: the server writes all of
   * them, including those of files the contract released, before it reads the next request.
   */
  private async settle(): Promise<void> {
    await this.client.connection.sendRequest(FoldingRangeRequest.type, {
      textDocument: { uri: this.uriOf(this.root) },
    });
  }

  /**
   * Sends versions of several documents without waiting in between, as fast typing does, then
   * waits for the diagnostics of the last version of each edited file of the root's contract.
   */
  async burst(list: Array<[name: string, edits: TextEdit[]]>): Promise<void> {
    const changes: Array<
      [name: string, version: number, changes: TextDocumentContentChangeEvent[]]
    > = [];
    const lastVersions = new Map<string, number>();
    for (const [name, edits] of list) {
      let text = this.text(name);
      const events = edits.map((edit) => {
        const range = {
          start: positionAt(text, edit.offset),
          end: positionAt(text, edit.offset + edit.deleted),
        };
        text = applyEdits(text, [edit]);
        return { range, text: edit.inserted };
      });
      const version = this.versions.get(name)! + 1;
      this.versions.set(name, version);
      this.texts.set(name, text);
      this.analyses.clear();
      changes.push([name, version, events]);
      lastVersions.set(name, version);
    }
    // Files edited outside the root's contract may or may not have been checked on their own.
    this.standalone.clear();
    const inRoot = this.contractFiles(this.root);
    const waits = [...lastVersions]
      .filter(([name]) => inRoot.includes(name))
      .map(([name, version]) => this.client.diagnosticsForVersion(this.uriOf(name), version));
    for (const [name, version, events] of changes) {
      this.client.change(this.uriOf(name), version, events);
    }
    await Promise.all(waits);
    await this.settle();
  }

  /** Replaces the first occurrence of `before` in an open document. */
  async replace(name: string, before: string, after: string): Promise<void> {
    const offset = this.text(name).indexOf(before);
    assert.ok(offset >= 0, `${name} contains ${JSON.stringify(before)}`);
    await this.edit(name, [{ offset, deleted: before.length, inserted: after }]);
  }

  /** Types `after` over `before` one character at a time, one version per keystroke. */
  async retype(name: string, before: string, after: string): Promise<void> {
    const offset = this.text(name).indexOf(before);
    assert.ok(offset >= 0, `${name} contains ${JSON.stringify(before)}`);
    for (let index = before.length; index > 0; index--) {
      await this.edit(name, [{ offset: offset + index - 1, deleted: 1, inserted: '' }]);
      await this.assertSameAsFresh(`deleting character ${index} of '${before}'`);
    }
    for (let index = 0; index < after.length; index++) {
      await this.edit(name, [{ offset: offset + index, deleted: 0, inserted: after[index]! }]);
      await this.assertSameAsFresh(`typing character ${index + 1} of '${after}'`);
    }
  }

  /** Writes a file that is not open, and notifies the server as a file watcher would. */
  async writeOnDisk(name: string, text: string | undefined): Promise<void> {
    const file = path.join(this.workspace.folder, name);
    const existed = fs.existsSync(file);
    if (text === undefined) fs.rmSync(file);
    else this.workspace.write(name, text);
    const type =
      text === undefined
        ? FileChangeType.Deleted
        : existed
          ? FileChangeType.Changed
          : FileChangeType.Created;
    // A watched file leads to diagnostics only when the server has seen a contract include it.
    const published = this.waitForPublications(undefined, 0, 3000);
    void this.client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: this.uriOf(name), type }],
    });
    await published;
  }

  /**
   * Waits for the diagnostics of one validation: for the edited document at its new version, and
   * for every other open document of the contract it belongs to. A document that the root does
   * not include is its own contract, as it is for a freshly started server.
   */
  private waitForPublications(
    edited: string | undefined,
    version: number,
    timeoutMs?: number,
  ): Promise<unknown> {
    this.analyses.clear();
    const inRoot = edited === undefined || this.contractFiles(this.root).includes(edited);
    const inOther = this.otherRoots.some(
      (root) => root !== edited && this.contractFiles(root).includes(edited!),
    );
    if (!inRoot && !inOther) this.standalone.add(edited);
    const waits: Array<Promise<PublishDiagnosticsParams>> = [];
    const checked = inRoot
      ? this.contractFiles(this.root)
      : inOther
        ? []
        : this.contractFiles(edited!);
    for (const name of checked) {
      if (!this.texts.has(name)) continue;
      const uri = this.uriOf(name);
      waits.push(
        name === edited
          ? this.client.diagnosticsForVersion(uri, version)
          : this.client.diagnostics(uri, () => true, timeoutMs),
      );
    }
    for (const root of this.otherRoots) {
      if (root === edited || !this.texts.has(root)) continue;
      if (edited !== undefined && !this.contractFiles(root).includes(edited)) continue;
      waits.push(this.client.diagnostics(this.uriOf(root), () => true, timeoutMs));
      if (edited !== undefined && !inRoot && this.texts.has(edited)) {
        waits.push(this.client.diagnosticsForVersion(this.uriOf(edited), version));
      }
    }
    return Promise.all(waits);
  }

  private provider(): FileProvider {
    const folder = this.workspace.folder;
    const texts = this.texts;
    const cache = new Map<string, ContractFile | undefined>();
    return {
      get(uri: string): ContractFile | undefined {
        if (cache.has(uri)) return cache.get(uri);
        const name = path.relative(folder, new URL(uri).pathname);
        let text = texts.get(name);
        if (text === undefined) {
          try {
            text = decodeFileText(fs.readFileSync(path.join(folder, name)));
          } catch {
            text = undefined;
          }
        }
        const file = text === undefined ? undefined : parseContract(uri, text);
        cache.set(uri, file);
        return file;
      },
    };
  }

  /** Analyses the current texts of the contract whose root is `root` afresh, once per change. */
  private freshAnalysis(root: string): FreshAnalysis {
    let analysis = this.analyses.get(root);
    if (analysis === undefined) {
      const provider = this.provider();
      const rootFile = provider.get(this.uriOf(root))!;
      const result = analyzeContract(rootFile, provider, this.workspace.folder);
      analysis = {
        files: new Map(result.contract.files.map((file) => [file.uri, file])),
        problems: result.problems,
      };
      this.analyses.set(root, analysis);
    }
    return analysis;
  }

  /** Returns the names of the files of the contract whose root is `root`. */
  contractFiles(root: string): string[] {
    return [...this.freshAnalysis(root).files.keys()].map((uri) =>
      path.relative(this.workspace.folder, new URL(uri).pathname),
    );
  }

  /** Returns what a fresh analysis of the contract of `root` shows in one of its files. */
  freshShown(name: string, root = this.root): Shown[] {
    const { files, problems } = this.freshAnalysis(root);
    const uri = this.uriOf(name);
    const file = files.get(uri);
    if (file === undefined) return [];
    const own = capProblems(
      uri,
      problems.filter((problem) => problem.uri === uri),
    );
    return own.map((problem) => ({
      code: problem.code,
      severity: SEVERITIES[problem.severity],
      message: problem.message,
      range: rangeText(file.lines.rangeOf(problem.span)),
      related: (problem.related ?? []).map((related) => {
        const relatedFile = files.get(related.uri);
        const range = relatedFile?.lines.rangeOf(related.span) ?? file.lines.rangeOf(problem.span);
        return `${related.uri} ${rangeText(range)} ${related.message}`;
      }),
      tags: (problem.tags ?? []).map((tag) => (tag === 'unnecessary' ? 1 : 2)),
    }));
  }

  /** Returns the diagnostics the server last published for a file. */
  serverShown(name: string): Shown[] {
    const uri = this.uriOf(name);
    const published = this.client.published;
    for (let index = published.length - 1; index >= 0; index--) {
      if (published[index]!.uri === uri) return published[index]!.diagnostics.map(shownFromServer);
    }
    assert.fail(`the server published no diagnostics for ${name}`);
  }

  /**
   * Asserts that every open file of the root's contract, and every open file edited while the
   * root did not include it, shows what a fresh analysis shows.
   */
  async assertSameAsFresh(step: string): Promise<void> {
    const inRoot = this.contractFiles(this.root);
    // A file in two contracts shows the diagnostics of whichever the server checked last.
    const shared = new Set(this.otherRoots.flatMap((root) => this.contractFiles(root)));
    for (const name of inRoot) {
      this.standalone.delete(name);
      if (!this.texts.has(name) || shared.has(name)) continue;
      if (!this.compareIncluded && name !== this.root) continue;
      assert.deepEqual(this.serverShown(name), this.freshShown(name), `${name} after ${step}`);
    }
    for (const root of this.otherRoots) {
      // A root that the main contract came to include is in two contracts.
      if (!this.texts.has(root) || inRoot.includes(root)) continue;
      assert.deepEqual(
        this.serverShown(root),
        this.freshShown(root, root),
        `${root} after ${step}`,
      );
    }
    for (const name of shared) this.standalone.delete(name);
    for (const name of this.standalone) {
      assert.deepEqual(
        this.serverShown(name),
        this.freshShown(name, name),
        `${name}, as its own contract, after ${step}`,
      );
    }
  }

  /** Returns the codes a fresh analysis shows in a file, to check that a test reaches a rule. */
  freshCodes(name = this.root): string[] {
    return this.freshShown(name).map((shown) => shown.code);
  }
}

/** The root of a contract of three files, with a finding of most rules somewhere in it. */
const ROOT = `# Routes and settings; services and messages live in the included files.
switchboard: 1
includes:
  - ./services.comm.yaml
  - ./messaging.comm.yaml
encryption:
  algorithm: aes-256-gcm
  keyEnv: SHOP_PAYLOAD_KEY
gateway:
  url: https://api.example
  timeout: 10s
  authentication:
    customer:
      type: jwt
      secretEnv: SHOP_JWT_SECRET
routes:
  get-order:
    method: GET
    path: /orders/{orderId}
    service: orders
    auth: customer
    timeout: order-lookup
  get-order-by-id:
    method: GET
    path: /orders/{id}
    service: orders
    auth: customer
  place-order:
    method: POST
    path: /orders
    service: orders
    auth: customer
    request: PlaceOrder
    retry: standard-retry
    timeout: 5s
  list-payments:
    method: GET
    path: /payments
    service: payment
    auth: customer
  get-payment:
    method: GET
    path: /payments/{paymentId}
    service: payments
    auth: customer
    retry: standard-retry
    timeout: 3s
  refund:
    method: POST
    path: /payments/{paymentId}/refund
    service: payments
`;

const SERVICES = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    timeout: 1s
  payments:
    protocol: http
    url: http://payments.internal:8080
    timeout: 2s
    retry: standard-retry
policies:
  standard-retry: &retry
    kind: retry
    attempts: 3
    backoff: exponential
    delay: 100ms
  aggressive-retry:
    <<: *retry
    attempts: 10
  order-lookup:
    kind: timeout
    duration: 2s
`;

const MESSAGING = `switchboard: 1
messages:
  PlaceOrder:
    kind: command
    producer: gateway
    handler: orders
    payload: { $ref: '#/schemas/Order' }
  ShipOrder:
    kind: command
    producer: orders
    queue: shipments
  OrderPlaced:
    kind: event
    producer: orders
    subscribers: [payments, orders]
    encrypted: true
  PaymentQuery:
    kind: query
    producer: orders
    handler: payments
queues:
  shipments:
    consumers: [orders]
    maxDeliveries: 5
  refunds:
    consumers: [payments]
    maxDeliveries: 3
    deadLetter: refunds-dead
  refunds-dead:
    consumers: [payments]
schemas:
  Order:
    type: object
    properties:
      orderId: { type: string }
  Unused:
    type: string
`;

const FILES = {
  'comm.yaml': ROOT,
  'services.comm.yaml': SERVICES,
  'messaging.comm.yaml': MESSAGING,
};

/** A second root that includes the services of the first. */
const OTHER_ROOT = [
  'switchboard: 1',
  'includes:',
  '  - ./services.comm.yaml',
  'routes:',
  '  other-order:',
  '    method: POST',
  '    path: /other',
  '    service: orders',
  '    retry: standard-retry',
  '',
].join('\n');

/**
 * The three files for random edits, with a route and two schemas in services.comm.yaml that
 * conflict with definitions in the other files.
 */
const FUZZ_FILES = {
  ...FILES,
  'services.comm.yaml': SERVICES.replace(
    'policies:\n',
    'routes:\n  find-order:\n    method: GET\n    path: /orders/{n}\n    service: orders\n' +
      'schemas:\n  Order: { type: string }\n  place_order: { type: string }\npolicies:\n',
  ),
};

const SHOP = fs.readFileSync(path.resolve(__dirname, '../../../examples/shop/comm.yaml'), 'utf8');

/**
 * Small edits that change structure, and a few of this test's own. Lone surrogates are left out:
 * JSON-RPC sends text as UTF-8, which cannot carry them, so the server would see other text.
 */
const FRAGMENTS = [
  ...STRUCTURE_FRAGMENTS.filter((fragment) => !/[\uD800-\uDFFF]/u.test(fragment)),
  'x',
  '-',
  '# switchboard-disable-next-line unknown-reference\n',
  ' |\n',
  ' >-\n',
];

/** Words that are names or values somewhere in the fixture, so that swapping them renames. */
const WORDS = [
  'orders',
  'payments',
  'payment',
  'standard-retry',
  'aggressive-retry',
  'order-lookup',
  'shipments',
  'refunds',
  'refunds-dead',
  'PlaceOrder',
  'ShipOrder',
  'OrderPlaced',
  'PaymentQuery',
  'Order',
  'event',
  'command',
  'query',
  'response',
  'retry',
  'timeout',
  'breaker',
  'customer',
  'GET',
  'POST',
  '1s',
  '50s',
  'true',
];

/** One random change to one open file, as fractions that fit any text. */
type RandomStep =
  | { type: 'fragment'; file: number; at: number; deleted: number; inserted: string }
  | { type: 'word'; file: number; at: number; word: string }
  | {
      type: 'line';
      file: number;
      at: number;
      to: number;
      how: 'delete' | 'copy' | 'move' | 'indent' | 'dedent';
    };

const FILE_NAMES = ['comm.yaml', 'services.comm.yaml', 'messaging.comm.yaml'];

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const fileIndex = fc.integer({ min: 0, max: FILE_NAMES.length - 1 });

/** Random steps whose word swaps draw from `words`. */
function stepsWith(words: readonly string[]): fc.Arbitrary<RandomStep> {
  return fc.oneof(
    fc.record({
      type: fc.constant('fragment' as const),
      file: fileIndex,
      at: fraction,
      deleted: fc.integer({ min: 0, max: 12 }),
      inserted: fc.constantFrom(...FRAGMENTS, ''),
    }),
    fc.record({
      type: fc.constant('word' as const),
      file: fileIndex,
      at: fraction,
      word: fc.constantFrom(...words),
    }),
    fc.record({
      type: fc.constant('line' as const),
      file: fileIndex,
      at: fraction,
      to: fraction,
      how: fc.constantFrom(
        'delete' as const,
        'copy' as const,
        'move' as const,
        'indent' as const,
        'dedent' as const,
      ),
    }),
  );
}

const stepArbitrary = stepsWith(WORDS);

/** Returns the start offsets of the lines of a text. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\n' && index + 1 < text.length) starts.push(index + 1);
  }
  return starts;
}

/**
 * Moves an offset back off the middle of a \r\n pair or a surrogate pair, which no LSP position
 * can name.
 */
function boundaryAt(text: string, offset: number): number {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === 13 && after === 10) return offset - 1;
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return offset - 1;
  return offset;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (const edit of edits) {
    text = text.slice(0, edit.offset) + edit.inserted + text.slice(edit.offset + edit.deleted);
  }
  return text;
}

/** Turns a random step into one or two versions of edits to the text of one file. */
function editsOf(step: RandomStep, text: string): TextEdit[][] {
  if (step.type === 'fragment') {
    const offset = boundaryAt(text, Math.floor(step.at * text.length));
    const end = boundaryAt(text, Math.min(offset + step.deleted, text.length));
    return [[{ offset, deleted: end - offset, inserted: step.inserted }]];
  }
  if (step.type === 'word') {
    const words = [...text.matchAll(/[A-Za-z0-9][\w-]*/g)];
    const match = words[Math.floor(step.at * words.length)];
    if (match === undefined) return [];
    return [[{ offset: match.index!, deleted: match[0].length, inserted: step.word }]];
  }
  const starts = lineStarts(text);
  const line = Math.floor(step.at * starts.length);
  const start = starts[line]!;
  const end = starts[line + 1] ?? text.length;
  const content = text.slice(start, end).endsWith('\n')
    ? text.slice(start, end)
    : text.slice(start, end) + '\n';
  switch (step.how) {
    case 'delete':
      return [[{ offset: start, deleted: end - start, inserted: '' }]];
    case 'copy':
      return [[{ offset: start, deleted: 0, inserted: content }]];
    case 'indent':
      return [[{ offset: start, deleted: 0, inserted: '  ' }]];
    case 'dedent':
      return text.startsWith('  ', start) ? [[{ offset: start, deleted: 2, inserted: '' }]] : [];
    case 'move': {
      const remaining = text.slice(0, start) + text.slice(end);
      const targets = lineStarts(remaining);
      const target = targets[Math.floor(step.to * targets.length)]!;
      return [
        [{ offset: start, deleted: end - start, inserted: '' }],
        [{ offset: target, deleted: 0, inserted: content }],
      ];
    }
  }
}

describe('incremental diagnostics over stdio', function () {
  let client: TestClient;
  let session: EditingSession | undefined;

  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
  });

  after(async () => {
    await client.stop();
  });

  afterEach(() => {
    session?.close();
    session = undefined;
  });

  /** Starts a session on the three-file contract with every file open. */
  async function openAll(files: Record<string, string> = FILES): Promise<EditingSession> {
    session = new EditingSession(client, files);
    await session.open('comm.yaml', 'services.comm.yaml', 'messaging.comm.yaml');
    await session.assertSameAsFresh('opening');
    return session;
  }

  /** Runs replacements in order, one version each, comparing after every one. */
  async function steps(
    editing: EditingSession,
    list: Array<[file: string, before: string, after: string]>,
  ): Promise<void> {
    for (const [file, before, after] of list) {
      await editing.replace(file, before, after);
      await editing.assertSameAsFresh(
        `${JSON.stringify(before)} -> ${JSON.stringify(after)} in ${file}`,
      );
    }
  }

  it('fixture reaches most rules', async () => {
    const editing = await openAll();
    const codes = [
      ...editing.freshCodes('comm.yaml'),
      ...editing.freshCodes('services.comm.yaml'),
      ...editing.freshCodes('messaging.comm.yaml'),
    ];
    for (const code of [
      'route-conflict',
      'retry-not-idempotent',
      'unknown-reference',
      'retry-exceeds-timeout',
      'queue-without-dead-letter',
      'self-subscription',
      'query-without-reply',
      'unused-definition',
    ]) {
      assert.ok(codes.includes(code), `the fixture shows ${code}`);
    }
  });

  it('random fixture conflicts across files', async () => {
    const editing = await openAll(FUZZ_FILES);
    const codes = FILE_NAMES.flatMap((name) => editing.freshCodes(name));
    assert.ok(codes.includes('route-conflict'), 'a route conflicts with one in comm.yaml');
    assert.ok(codes.includes('name-collision'), 'a schema collides with a message');
    assert.ok(codes.includes('duplicate-name'), 'a schema is defined in two files');
  });

  it('agrees with the command line', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['services.comm.yaml', '  payments:\n', '  paymentz:\n'],
      ['comm.yaml', '    timeout: 3s\n', '    timeout: 30s\n'],
    ]);
    const copy = new TempWorkspace(Object.fromEntries(editing.texts));
    try {
      const result = runCli(['check', path.join(copy.folder, 'comm.yaml'), '--format', 'json']);
      assert.equal(result.stderr, '');
      const reported = JSON.parse(result.stdout) as CliProblem[];
      assert.ok(reported.length > 0, 'the command line reports problems');
      for (const name of editing.contractFiles('comm.yaml')) {
        const location = path.join(copy.folder, name);
        const fromCli = reported
          .filter((problem) => problem.file === location)
          .map((problem) => [
            problem.code,
            problem.severity,
            problem.message,
            rangeText(problem.range),
          ]);
        const fresh = editing
          .freshShown(name)
          .map((shown) => [
            shown.code,
            CLI_SEVERITIES[shown.severity!],
            shown.message,
            shown.range,
          ]);
        assert.deepEqual(fresh, fromCli, name);
      }
    } finally {
      copy.remove();
    }
  });

  it('renames a service while typing', async () => {
    const editing = await openAll();
    await editing.retype('services.comm.yaml', '  payments:', '  payment:');
    await editing.retype('services.comm.yaml', '  payment:', '  payments:');
  });

  it('renames a referenced policy', async () => {
    const editing = await openAll();
    await editing.retype('services.comm.yaml', 'standard-retry: &retry', 'std-retry: &retry');
    await steps(editing, [
      ['comm.yaml', 'retry: standard-retry\n    timeout: 3s', 'retry: std-retry\n    timeout: 3s'],
    ]);
  });

  it('adds a duplicate in another file', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['messaging.comm.yaml', 'schemas:\n', 'schemas:\n  order-lookup:\n    type: string\n'],
      [
        'messaging.comm.yaml',
        'queues:\n',
        'policies:\n  order-lookup:\n    kind: timeout\n    duration: 9s\nqueues:\n',
      ],
      ['services.comm.yaml', '  order-lookup:\n    kind: timeout\n    duration: 2s\n', ''],
      ['messaging.comm.yaml', 'duration: 9s', 'duration: 1s'],
      [
        'services.comm.yaml',
        'policies:\n',
        'policies:\n  order-lookup:\n    kind: retry\n    attempts: 2\n',
      ],
      [
        'messaging.comm.yaml',
        'policies:\n  order-lookup:\n    kind: timeout\n    duration: 1s\n',
        '',
      ],
    ]);
  });

  it('reorders and drops includes', async () => {
    const editing = await openAll();
    // Conflicts between files: which side is reported depends on the order of the includes.
    await steps(editing, [
      [
        'services.comm.yaml',
        'policies:\n',
        'routes:\n  dup-a:\n    method: GET\n    path: /dup/{a}\n    service: orders\nschemas:\n  Dup-x: { type: string }\npolicies:\n',
      ],
      [
        'messaging.comm.yaml',
        'schemas:\n',
        'routes:\n  dup-b:\n    method: GET\n    path: /dup/{b}\n    service: orders\nschemas:\n  dup-x: { type: string }\n',
      ],
    ]);
    const codes = editing.freshCodes('messaging.comm.yaml');
    assert.ok(codes.includes('route-conflict'), 'the routes of two files conflict');
    assert.ok(codes.includes('name-collision'), 'the schemas of two files collide');
    await steps(editing, [
      ['services.comm.yaml', 'switchboard: 1\n', 'switchboard: 1\n\n# Shifts the lines below.\n'],
      ['messaging.comm.yaml', 'switchboard: 1\n', '# Shifts the lines below.\nswitchboard: 1\n'],
      [
        'comm.yaml',
        '  - ./services.comm.yaml\n  - ./messaging.comm.yaml\n',
        '  - ./messaging.comm.yaml\n  - ./services.comm.yaml\n',
      ],
      ['services.comm.yaml', 'services:\n', 'services:\n  PlaceOrder:\n    protocol: http\n'],
      ['comm.yaml', '  - ./services.comm.yaml\n', '  - ./servicez.comm.yaml\n'],
      ['comm.yaml', '  - ./servicez.comm.yaml\n', '  - ./services.comm.yaml\n'],
      ['comm.yaml', '  - ./messaging.comm.yaml\n', ''],
      ['comm.yaml', 'includes:\n', 'includes:\n  - ./messaging.comm.yaml\n'],
    ]);
  });

  it('follows an include changed on disk', async () => {
    session = new EditingSession(client, FILES);
    const editing = session;
    await editing.open('comm.yaml', 'messaging.comm.yaml');
    await editing.assertSameAsFresh('opening');
    await editing.writeOnDisk('services.comm.yaml', SERVICES.replace('  payments:', '  paymentz:'));
    await editing.assertSameAsFresh('renaming a service on disk');
    await editing.writeOnDisk('services.comm.yaml', SERVICES);
    await editing.assertSameAsFresh('renaming it back');
  });

  it('moves a definition by cut and paste', async () => {
    const editing = await openAll();
    const route =
      '  get-order-by-id:\n    method: GET\n    path: /orders/{id}\n    service: orders\n    auth: customer\n';
    await steps(editing, [
      ['comm.yaml', route, ''],
      ['comm.yaml', '  refund:\n', route + '  refund:\n'],
      ['comm.yaml', route, ''],
      ['comm.yaml', 'routes:\n', 'routes:\n' + route],
    ]);
    const query = '  PaymentQuery:\n    kind: query\n    producer: orders\n    handler: payments\n';
    await steps(editing, [
      ['messaging.comm.yaml', query, ''],
      ['comm.yaml', 'routes:\n', 'messages:\n' + query + 'routes:\n'],
    ]);
  });

  it('changes kinds, services and consumers', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['messaging.comm.yaml', 'kind: query', 'kind: event'],
      [
        'messaging.comm.yaml',
        'kind: event\n    producer: orders\n    handler',
        'kind: command\n    producer: orders\n    handler',
      ],
      [
        'messaging.comm.yaml',
        'kind: command\n    producer: orders\n    queue',
        'kind: event\n    producer: orders\n    queue',
      ],
      ['messaging.comm.yaml', 'consumers: [orders]', 'consumers: []'],
      ['messaging.comm.yaml', 'consumers: []', 'consumers: [orders, payments]'],
      [
        'messaging.comm.yaml',
        'kind: event\n    producer: orders\n    queue',
        'kind: query\n    producer: orders\n    queue',
      ],
      ['comm.yaml', 'service: payment\n', 'service: orders\n'],
      ['comm.yaml', 'path: /payments\n', 'path: /orders/{x}\n'],
      [
        'comm.yaml',
        'service: payments\n    auth: customer\n    retry',
        'service: orders\n    auth: customer\n    retry',
      ],
      [
        'services.comm.yaml',
        'protocol: http\n    url: http://orders',
        'protocol: grpc\n    url: http://orders',
      ],
      ['services.comm.yaml', '    timeout: 1s\n', '    timeout: 9s\n    retry: aggressive-retry\n'],
      ['comm.yaml', '    request: PlaceOrder\n', '    request: ShipOrder\n'],
      ['messaging.comm.yaml', 'deadLetter: refunds-dead', 'deadLetter: refunds'],
      [
        'messaging.comm.yaml',
        '  refunds-dead:\n    consumers: [payments]\n',
        '  refunds-dead:\n    consumers: [payments]\n    deadLetter: refunds\n    maxDeliveries: 2\n',
      ],
      ['messaging.comm.yaml', 'deadLetter: refunds\n', 'deadLetter: refunds-dead\n'],
    ]);
  });

  it('renames into generated name collisions', async () => {
    const editing = await openAll();
    await editing.retype('messaging.comm.yaml', '  Unused:', '  order-placed:');
    assert.ok(editing.freshCodes('messaging.comm.yaml').includes('name-collision'));
    await steps(editing, [
      [
        'comm.yaml',
        '  refund:\n',
        '  get_order:\n    method: PUT\n    path: /x\n    service: payments\n  refund:\n',
      ],
      ['comm.yaml', 'path: /x\n    service: payments', 'path: /x\n    service: orders'],
      [
        'messaging.comm.yaml',
        'queues:\n',
        '  order_placed:\n    kind: event\n    producer: orders\n    subscribers: [orders]\nqueues:\n',
      ],
      ['messaging.comm.yaml', 'subscribers: [payments, orders]', 'subscribers: [payments]'],
      [
        'messaging.comm.yaml',
        'kind: event\n    producer: orders\n    subscribers: [orders]',
        'kind: command\n    producer: orders\n    handler: orders',
      ],
      ['services.comm.yaml', '  orders:\n', '  Orders:\n'],
      ['services.comm.yaml', '  Orders:\n', '  orders:\n'],
    ]);
    await editing.retype('messaging.comm.yaml', '  order-placed:', '  Unused:');
  });

  it('changes and removes settings', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['comm.yaml', '  timeout: 10s\n', '  timeout: 1s\n'],
      ['comm.yaml', '  timeout: 1s\n', ''],
      [
        'comm.yaml',
        '  url: https://api.example\n',
        '  url: https://api.example\n  timeout: 100ms\n',
      ],
      ['comm.yaml', '  keyEnv: SHOP_PAYLOAD_KEY\n', ''],
      [
        'messaging.comm.yaml',
        'switchboard: 1\n',
        'switchboard: 1\nencryption:\n  keyEnv: OTHER_KEY\n',
      ],
      ['comm.yaml', 'encryption:\n  algorithm: aes-256-gcm\n', ''],
      ['messaging.comm.yaml', '  keyEnv: OTHER_KEY\n', '  keyEnv: 42\n'],
      ['comm.yaml', 'gateway:\n', 'encryption:\n  keyEnv: BACK\ngateway:\n'],
    ]);
  });

  it('deletes and restores sections', async () => {
    const editing = await openAll();
    const queues = MESSAGING.slice(MESSAGING.indexOf('queues:'), MESSAGING.indexOf('schemas:'));
    const policies = SERVICES.slice(SERVICES.indexOf('policies:'));
    await steps(editing, [
      ['messaging.comm.yaml', queues, ''],
      ['services.comm.yaml', policies, ''],
      ['messaging.comm.yaml', 'schemas:', queues + 'schemas:'],
      ['services.comm.yaml', 'services:', policies + 'services:'],
    ]);
  });

  it('edits anchors, aliases and merge keys', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['services.comm.yaml', '    attempts: 3\n', '    attempts: 30\n'],
      ['services.comm.yaml', '    <<: *retry\n    attempts: 10\n', '    <<: *retry\n'],
      ['services.comm.yaml', 'kind: retry\n    attempts: 30', 'kind: breaker\n    attempts: 30'],
      ['services.comm.yaml', 'kind: breaker\n    attempts: 30', 'kind: retry\n    attempts: 3'],
      ['services.comm.yaml', '  order-lookup:\n', '  copy: *retry\n  order-lookup:\n'],
      ['services.comm.yaml', 'delay: 100ms', 'delay: 10s'],
      ['services.comm.yaml', 'standard-retry: &retry', 'standard-retry: &other'],
      ['services.comm.yaml', 'standard-retry: &other', 'standard-retry: &retry'],
      ['services.comm.yaml', '  payments:\n', '  payments: &svc\n'],
      [
        'services.comm.yaml',
        '  orders:\n    protocol: http\n    url: http://orders.internal:8080\n    timeout: 1s\n',
        '  orders: *svc\n',
      ],
      ['services.comm.yaml', '    retry: standard-retry\n', '    retry: aggressive-retry\n'],
    ]);
  });

  it('follows a merged anchor', async () => {
    const editing = await openAll();
    await steps(editing, [
      [
        'comm.yaml',
        'retry: standard-retry\n    timeout: 3s',
        'retry: aggressive-retry\n    timeout: 3s',
      ],
      ['services.comm.yaml', '    delay: 100ms\n', '    delay: 1s\n'],
      ['services.comm.yaml', '    backoff: exponential\n', '    backoff: constant\n'],
      ['services.comm.yaml', '    attempts: 10\n', '    attempts: 1\n'],
      ['services.comm.yaml', '    attempts: 1\n', ''],
      ['services.comm.yaml', '    attempts: 3\n', '    attempts: 4\n'],
      [
        'services.comm.yaml',
        '    <<: *retry\n',
        '    <<: { kind: retry, attempts: 2, delay: 5s }\n',
      ],
    ]);
    assert.ok(editing.freshCodes('comm.yaml').includes('retry-exceeds-timeout'));
  });

  it('reads a closed include from disk', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['services.comm.yaml', '  payments:\n', '  paymentz:\n'],
      ['messaging.comm.yaml', '  Unused:\n', '  Unused2:\n'],
    ]);
    await editing.closeFile('services.comm.yaml');
    await editing.assertSameAsFresh('closing services.comm.yaml');
    await editing.closeFile('messaging.comm.yaml');
    await editing.assertSameAsFresh('closing messaging.comm.yaml');
    await editing.open('services.comm.yaml');
    await editing.assertSameAsFresh('opening services.comm.yaml again');
    await steps(editing, [['services.comm.yaml', '  orders:\n', '  order:\n']]);
  });

  it('checks two roots sharing an include', async () => {
    session = new EditingSession(client, { ...FILES, 'other.comm.yaml': OTHER_ROOT });
    const editing = session;
    editing.otherRoots = ['other.comm.yaml'];
    await editing.open('comm.yaml', 'other.comm.yaml', 'services.comm.yaml', 'messaging.comm.yaml');
    await editing.assertSameAsFresh('opening');
    await editing.retype('services.comm.yaml', '  orders:', '  ordes:');
    await steps(editing, [
      ['services.comm.yaml', '  ordes:', '  orders:'],
      ['other.comm.yaml', 'retry: standard-retry', 'retry: aggressive-retry'],
      ['services.comm.yaml', '    timeout: 1s\n', '    timeout: 1s\n    retry: order-lookup\n'],
      ['other.comm.yaml', '    method: POST\n', '    method: GET\n'],
      ['other.comm.yaml', '    path: /other\n', '    path: /orders/{x}\n'],
      ['services.comm.yaml', '  aggressive-retry:\n', '  aggressive:\n'],
      ['comm.yaml', '  - ./services.comm.yaml\n', ''],
      ['services.comm.yaml', '  aggressive:\n', '  aggressive-retry:\n'],
    ]);
  });

  it('moves a root into its new includer', async () => {
    session = new EditingSession(client, { ...FILES, 'other.comm.yaml': OTHER_ROOT });
    const editing = session;
    editing.otherRoots = ['other.comm.yaml'];
    await editing.open('comm.yaml', 'other.comm.yaml', 'services.comm.yaml');
    const other = editing.uriOf('other.comm.yaml');
    const published = client.diagnostics(other, (params) => {
      const shown = params.diagnostics.map(shownFromServer);
      return shown.some((each) => each.code === 'include-cycle');
    });
    await editing.replace(
      'services.comm.yaml',
      'services:\n',
      'includes: [other.comm.yaml]\nservices:\n',
    );
    // comm.yaml now reaches other.comm.yaml, whose include of services.comm.yaml closes a cycle.
    const expected = editing.freshShown('other.comm.yaml');
    assert.ok(expected.some((shown) => shown.code === 'include-cycle'));
    await published;
    // Both contracts were scheduled for a check, and the contract that contains the file publishes
    // last. This server has a diagnostics delay of 0, so 200 ms covers both timers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(editing.serverShown('other.comm.yaml'), expected);

    await editing.replace('services.comm.yaml', 'includes: [other.comm.yaml]\n', '');
    await editing.assertSameAsFresh('dropping the include');
    assert.ok(!editing.contractFiles('comm.yaml').includes('other.comm.yaml'));
  });

  it('breaks and repairs the YAML', async () => {
    const editing = await openAll();
    await steps(editing, [
      ['comm.yaml', '  place-order:\n', '  place-order\n'],
      ['comm.yaml', '  place-order\n', '  place-order:\n'],
      ['messaging.comm.yaml', 'subscribers: [payments, orders]', 'subscribers: [payments, orders'],
      ['messaging.comm.yaml', 'subscribers: [payments, orders', 'subscribers: [payments]'],
      ['services.comm.yaml', '    timeout: 2s\n', '\ttimeout: 2s\n'],
      ['services.comm.yaml', '\ttimeout: 2s\n', '    timeout: 2s\n'],
      ['comm.yaml', 'routes:\n', 'routes: {\n'],
      ['comm.yaml', 'routes: {\n', 'routes:\n'],
      [
        'comm.yaml',
        '    timeout: order-lookup\n',
        '    timeout: order-lookup\n  get-order: {method: PUT}\n',
      ],
      ['comm.yaml', '  get-order: {method: PUT}\n', ''],
    ]);
  });

  it('joins and splits lines', async () => {
    const editing = await openAll();
    await steps(editing, [
      [
        'comm.yaml',
        '    service: orders\n    auth: customer\n    timeout: order',
        '    service: orders    auth: customer\n    timeout: order',
      ],
      [
        'comm.yaml',
        '    service: orders    auth: customer\n',
        '    service: orders\n    auth: customer\n',
      ],
      [
        'messaging.comm.yaml',
        '  ShipOrder:\n    kind: command\n',
        '  ShipOrder:\n    kind: command\n\n\n',
      ],
      ['messaging.comm.yaml', 'queues:\n  shipments:', 'queues:  shipments:'],
      ['messaging.comm.yaml', 'queues:  shipments:', 'queues:\n  shipments:'],
      ['services.comm.yaml', 'services:\n  orders:\n', 'services:\n  orders:\n  orders-2:\n'],
    ]);
  });

  it('edits comments and suppressions', async () => {
    const editing = await openAll();
    await steps(editing, [
      [
        'comm.yaml',
        '  get-order-by-id:\n',
        '  # switchboard-disable-next-line route-conflict\n  get-order-by-id:\n',
      ],
      [
        'comm.yaml',
        '    path: /orders/{id}\n',
        '    # switchboard-disable-next-line route-conflict\n    path: /orders/{id}\n',
      ],
      [
        'comm.yaml',
        '# switchboard-disable-next-line route-conflict\n    path',
        '# switchboard-disable-next-line retry-not-idempotent\n    path',
      ],
      [
        'services.comm.yaml',
        '  aggressive-retry:\n',
        '  # switchboard-disable-next-line unused-definition\n  aggressive-retry:\n',
      ],
      ['comm.yaml', '# Routes and settings', '# Routes, and settings'],
      ['comm.yaml', '# Routes, and settings', '# switchboard-disable unknown-reference'],
      [
        'messaging.comm.yaml',
        '  OrderPlaced:\n',
        '  # a comment: with [brackets\n  OrderPlaced:\n',
      ],
      ['services.comm.yaml', '  # switchboard-disable-next-line unused-definition\n', ''],
    ]);
  });

  it('edits CRLF text', async () => {
    const crlf = Object.fromEntries(
      Object.entries(FILES).map(([name, text]) => [name, text.replace(/\n/g, '\r\n')]),
    );
    session = new EditingSession(client, crlf);
    const editing = session;
    await editing.open('comm.yaml', 'services.comm.yaml', 'messaging.comm.yaml');
    await editing.assertSameAsFresh('opening');
    await steps(editing, [
      ['comm.yaml', 'service: payment\r\n', 'service: payments\r\n'],
      ['comm.yaml', '    timeout: 3s\r\n', '    timeout: 30s\n'],
      ['services.comm.yaml', '  payments:\r\n', '  paymentz:\r\n'],
      ['messaging.comm.yaml', 'queues:\r\n', 'queues:\r\n  extra:\r\n    maxDeliveries: 4\r\n'],
      ['services.comm.yaml', '  paymentz:\r\n', '  payments:\r\n'],
    ]);
  });

  it('matches fresh after random edits', async () => {
    const withLineEnds = (crlf: boolean) =>
      Object.fromEntries(
        Object.entries(FUZZ_FILES).map(([name, text]) => [
          name,
          crlf ? text.replace(/\n/g, '\r\n') : text,
        ]),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(stepArbitrary, { minLength: 1, maxLength: 20 }),
        async (crlf, list) => {
          const editing = await openAll(withLineEnds(crlf));
          try {
            for (const [index, step] of list.entries()) {
              const name = FILE_NAMES[step.file]!;
              for (const edits of editsOf(step, editing.text(name))) {
                await editing.edit(name, edits);
                await editing.assertSameAsFresh(`step ${index + 1} ${JSON.stringify(step)}`);
              }
            }
          } finally {
            editing.close();
            session = undefined;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches fresh after bursts of edits', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArbitrary, { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (bursts) => {
          const editing = await openAll(FUZZ_FILES);
          try {
            for (const [index, burst] of bursts.entries()) {
              const list: Array<[string, TextEdit[]]> = [];
              const texts = new Map(editing.texts);
              for (const step of burst) {
                const name = FILE_NAMES[step.file]!;
                for (const edits of editsOf(step, texts.get(name)!)) {
                  list.push([name, edits]);
                  texts.set(name, applyEdits(texts.get(name)!, edits));
                }
              }
              await editing.burst(list);
              await editing.assertSameAsFresh(`burst ${index + 1} ${JSON.stringify(burst)}`);
            }
          } finally {
            editing.close();
            session = undefined;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('matches fresh with two roots', async () => {
    const names = [...FILE_NAMES, 'other.comm.yaml'];
    const file = fc.integer({ min: 0, max: names.length - 1 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(stepArbitrary, file), { minLength: 1, maxLength: 20 }),
        async (list) => {
          session = new EditingSession(client, { ...FUZZ_FILES, 'other.comm.yaml': OTHER_ROOT });
          const editing = session;
          editing.otherRoots = ['other.comm.yaml'];
          editing.compareIncluded = false;
          try {
            await editing.open(...names);
            for (const [index, [step, fileIndex]] of list.entries()) {
              const name = names[fileIndex]!;
              for (const edits of editsOf(step, editing.text(name))) {
                await editing.edit(name, edits);
                await editing.assertSameAsFresh(
                  `step ${index + 1} ${JSON.stringify([step, name])}`,
                );
              }
            }
          } finally {
            editing.close();
            session = undefined;
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('matches fresh on the example', async () => {
    // Swapping in the example's own words renames its definitions and repoints its references.
    const shopSteps = stepsWith([...new Set(SHOP.match(/[A-Za-z][\w-]*/g))]);
    await fc.assert(
      fc.asyncProperty(fc.array(shopSteps, { minLength: 1, maxLength: 20 }), async (list) => {
        const editing = new EditingSession(client, { 'comm.yaml': SHOP });
        try {
          await editing.open('comm.yaml');
          for (const [index, step] of list.entries()) {
            for (const edits of editsOf({ ...step, file: 0 }, editing.text())) {
              await editing.edit('comm.yaml', edits);
              await editing.assertSameAsFresh(`step ${index + 1} ${JSON.stringify(step)}`);
            }
          }
        } finally {
          editing.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
/**
 * Starts one server for a describe block, with the given diagnostics delay in milliseconds, and
 * closes each test's editing session after the test.
 */
function serverPerBlock(diagnosticsDelay: number) {
  let client: TestClient | undefined;
  let current: EditingSession | undefined;
  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay } });
  });
  after(async () => {
    await client?.stop();
  });
  afterEach(() => {
    current?.close();
    current = undefined;
  });
  return {
    get client(): TestClient {
      assert.ok(client !== undefined, 'the server started');
      return client;
    },
    session(files: Record<string, string>): EditingSession {
      current = new EditingSession(this.client, files);
      return current;
    },
  };
}

/** Diagnostics when the set of files a contract includes changes. */
describe('diagnostics after includes change', () => {
  const server = serverPerBlock(0);

  // Creating a missing include changes the contract that names it.
  it('revalidates after include reappears', async () => {
    const session = server.session(FILES);
    await session.open('comm.yaml');
    await session.writeOnDisk('services.comm.yaml', undefined);
    await session.assertSameAsFresh('deleting services.comm.yaml');
    await session.writeOnDisk('services.comm.yaml', SERVICES);
    await session.assertSameAsFresh('creating services.comm.yaml again');
  });

  // An open file that the root no longer includes is a contract of its own.
  it('republishes a file no longer included', async () => {
    const session = server.session(FILES);
    await session.open('comm.yaml', 'messaging.comm.yaml');
    const name = 'messaging.comm.yaml';
    const republished = server.client.diagnostics(session.uriOf(name), () => true, 3000);
    await session.replace('comm.yaml', '  - ./messaging.comm.yaml\n', '');
    await republished;
    assert.deepEqual(
      session.serverShown(name),
      session.freshShown(name, name),
      `${name} after comm.yaml drops it`,
    );
  });
});

describe('diagnostics after a multi-file change', () => {
  // A delay longer than the time between the two changes, so that both arrive before a check.
  const server = serverPerBlock(200);

  // An edit of a file that an earlier change of the same burst included again goes to the includer.
  it('checks a re-included file with its includer', async () => {
    const session = server.session(FILES);
    await session.open('comm.yaml', 'services.comm.yaml');
    await session.replace('comm.yaml', '  - ./services.comm.yaml\n', '');
    await session.assertSameAsFresh('dropping the include');
    // One change restores the include, the next edits the included file: a workspace edit.
    const root = session.text('comm.yaml');
    const at = root.indexOf('includes:\n') + 'includes:\n'.length;
    const services = session.text('services.comm.yaml');
    const timeout = services.indexOf('timeout: 2s') + 'timeout: '.length;
    await session.burst([
      ['comm.yaml', [{ offset: at, deleted: 0, inserted: '  - ./services.comm.yaml\n' }]],
      ['services.comm.yaml', [{ offset: timeout, deleted: 1, inserted: '9' }]],
    ]);
    assert.deepEqual(
      session.serverShown('services.comm.yaml'),
      session.freshShown('services.comm.yaml'),
      'services.comm.yaml after one change to each file',
    );
  });
});
