/**
 * The server under load: 200 contracts open at once and a steady stream of edits spread over them.
 * Shows whether diagnostics keep up (the latency from an edit to the diagnostics of its version or a
 * later one) and whether memory returns near its starting level once every document is closed.
 * BENCH_LOAD_SECONDS shortens the edit phase (default 60 s).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { descriptionOffsets, generateContract } from './contract-generator';
import { LspSession } from './lsp-session';
import { formatMiB, formatMs, median, percentile, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROOT = path.resolve(__dirname, '../..');
const DOCUMENTS = 200;
const EDITS_PER_SECOND = 50;
/** How long memory may take to settle after the documents close, in milliseconds. */
const SETTLE_MS = 10_000;

export const loadSuite: BenchSuite = {
  name: 'load',
  title: `Load: ${DOCUMENTS} open contracts, ${EDITS_PER_SECOND} edits a second`,
  async run() {
    const seconds = Number(process.env['BENCH_LOAD_SECONDS'] ?? 60);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-load-'));
    const session = await LspSession.start({
      command: process.execPath,
      args: [path.join(ROOT, 'dist/server.js'), '--stdio'],
      languageId: 'comm-yaml',
      rootUri: pathToFileURL(folder).href,
    });
    try {
      await measure(session, folder, seconds);
    } finally {
      await session.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
};

async function measure(session: LspSession, folder: string, seconds: number): Promise<void> {
  const contract = generateContract(100);
  const uris = Array.from(
    { length: DOCUMENTS },
    (_, i) => pathToFileURL(path.join(folder, `c${i}.comm.yaml`)).href,
  );
  // One document opened and closed first, so that one-time setup is not counted as growth.
  await session.open(pathToFileURL(path.join(folder, 'warm.comm.yaml')).href, contract.text);
  const startBytes = session.residentMemory();

  const versions = new Map(uris.map((uri) => [uri, 1]));
  const pending = new Map<string, Array<{ version: number; sent: number }>>();
  const latencies: number[] = [];
  const stop = session.watchDiagnostics((params) => {
    const waiting = pending.get(params.uri) ?? [];
    const now = performance.now();
    const done = waiting.filter((edit) => (params.version ?? 0) >= edit.version);
    for (const edit of done) latencies.push(now - edit.sent);
    pending.set(
      params.uri,
      waiting.filter((edit) => (params.version ?? 0) < edit.version),
    );
  });

  const offsets = descriptionOffsets(contract.text);
  const openStarted = performance.now();
  await Promise.all(uris.map((uri) => session.open(uri, contract.text)));
  const openMs = performance.now() - openStarted;
  const openBytes = session.residentMemory();

  const edits = seconds * EDITS_PER_SECOND;
  const started = performance.now();
  for (let i = 0; i < edits; i++) {
    const uri = uris[i % uris.length]!;
    const version = versions.get(uri)! + 1;
    versions.set(uri, version);
    const offset = offsets[i % offsets.length]!;
    const position = positionAt(contract.text, offset);
    pending.set(uri, [...(pending.get(uri) ?? []), { version, sent: performance.now() }]);
    // Each edit inserts and the next on the document removes one character, so texts stay valid.
    const text = version % 2 === 0 ? 'x' : '';
    const end = text === '' ? { line: position.line, character: position.character + 1 } : position;
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end }, text }],
    });
    const due = started + ((i + 1) * 1000) / EDITS_PER_SECOND;
    await delay(due - performance.now());
  }
  const editBytes = session.residentMemory();
  await waitUntil(() => [...pending.values()].every((waiting) => waiting.length === 0), 30_000);
  const unanswered = [...pending.values()].reduce((sum, waiting) => sum + waiting.length, 0);
  stop();

  for (const uri of uris) {
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  await delay(SETTLE_MS);
  const closedBytes = session.residentMemory();

  printTable(
    ['phase', 'figure'],
    [
      ['open 200 contracts, all diagnosed', formatMs(openMs)],
      [`edits sent over ${seconds} s`, String(edits)],
      ['edit to diagnostics, median', formatMs(median(latencies))],
      ['edit to diagnostics, p95', formatMs(percentile(latencies, 0.95))],
      ['edit to diagnostics, max', formatMs(percentile(latencies, 1))],
      ['edits left without diagnostics', String(unanswered)],
      ['resident memory at start', formatMiB(startBytes)],
      ['resident memory, 200 open', formatMiB(openBytes)],
      ['resident memory, after the edits', formatMiB(editBytes)],
      [`resident memory, ${SETTLE_MS / 1000} s after closing all`, formatMiB(closedBytes)],
    ],
  );
  console.log(
    `\nEach contract has ${contract.lines} lines; the edits type and delete in descriptions.`,
  );
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await delay(50);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
