/**
 * Completion and hover latency of the Switchboard server over stdio on a generated contract of
 * 10,000 lines: each request timed from sending it to its response. Requests run both on a
 * steady document and right after an edit, when the server has not yet analysed the new text.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { descriptionOffsets, generateContract } from './contract-generator';
import { LspSession } from './lsp-session';
import { formatMs, median, percentile, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROOT = path.resolve(__dirname, '../..');
const LINES = 10_000;
const REQUESTS = 200;
/** The latency target of completion and hover at this size: p95 under 10 ms. */
const TARGET_P95_MS = 10;

interface Probe {
  method: 'textDocument/completion' | 'textDocument/hover';
  label: string;
  line: number;
  character: number;
}

export const editingSuite: BenchSuite = {
  name: 'editing',
  title: `Editing: completion and hover latency at ${LINES.toLocaleString('en')} lines`,
  async run() {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
    const contract = generateContract(LINES);
    const offsets = descriptionOffsets(contract.text);
    const file = path.join(folder, 'bench.comm.yaml');
    fs.writeFileSync(file, contract.text);
    const uri = pathToFileURL(file).href;
    const session = await LspSession.start({
      command: process.execPath,
      args: [path.join(ROOT, 'dist/server.js'), '--stdio'],
      languageId: 'comm-yaml',
      rootUri: pathToFileURL(folder).href,
    });
    const rows: string[][] = [];
    try {
      await session.open(uri, contract.text);
      const probes = probesOf(contract.text);
      let version = 1;
      for (const probe of probes) {
        const steady = await timeRequests(session, uri, probe);
        const afterEdit = await timeRequests(
          session,
          uri,
          probe,
          () => {
            version++;
            return {
              version,
              offset: offsets[version % offsets.length]!,
            };
          },
          contract.text,
        );
        rows.push(
          row(probe[0]!.label, 'steady', steady),
          row(probe[0]!.label, 'after an edit', afterEdit),
        );
      }
    } finally {
      await session.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
    printTable(['request', 'document', 'median', 'p95', 'max', `p95 < ${TARGET_P95_MS} ms`], rows);
    console.log(
      `\n${contract.lines} lines; ${REQUESTS} requests per row, one at a time, at positions spread over ` +
        'the file. "After an edit" sends a one-character change just before each request, then waits ' +
        "for that change's diagnostics before the next one.",
    );
  },
};

function row(label: string, document: string, times: number[]): string[] {
  const p95 = percentile(times, 0.95);
  return [
    label,
    document,
    formatMs(median(times)),
    formatMs(p95),
    formatMs(Math.max(...times)),
    p95 < TARGET_P95_MS ? 'yes' : 'no',
  ];
}

/** One position of each kind per generated group, spread over the file. */
function probesOf(text: string): Probe[][] {
  const lines = text.split('\n');
  const find = (pattern: RegExp) =>
    lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  const serviceValues = find(/^ {4}service: svc-/).map((line) => ({
    line,
    character: lines[line]!.length,
  }));
  const methodKeys = find(/^ {4}method: /).map((line) => ({ line, character: 6 }));
  const retryValues = find(/^ {4}retry: retry-/).map((line) => ({ line, character: 13 }));
  const routeKeys = find(/^ {2}get-item-\d+:$/).map((line) => ({ line, character: 4 }));
  const spread = (
    positions: Array<{ line: number; character: number }>,
    method: Probe['method'],
    label: string,
  ) =>
    Array.from({ length: REQUESTS }, (_, index) => ({
      method,
      label,
      ...positions[Math.floor((positions.length * index) / REQUESTS)]!,
    }));
  return [
    spread(serviceValues, 'textDocument/completion', 'completion: service name'),
    spread(methodKeys, 'textDocument/completion', 'completion: route key'),
    spread(retryValues, 'textDocument/hover', 'hover: retry policy'),
    spread(routeKeys, 'textDocument/hover', 'hover: route chain'),
  ];
}

async function timeRequests(
  session: LspSession,
  uri: string,
  probes: Probe[],
  nextEdit?: () => { version: number; offset: number },
  text?: string,
): Promise<number[]> {
  const times: number[] = [];
  for (const probe of probes) {
    let analysed: Promise<unknown> | undefined;
    if (nextEdit !== undefined && text !== undefined) {
      const { version, offset } = nextEdit();
      analysed = session.nextDiagnostics(uri, version);
      const position = positionAt(text, offset);
      // A one-character replacement inside a description keeps every line and column in place.
      void session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [
          {
            range: { start: position, end: { ...position, character: position.character + 1 } },
            text: version % 2 === 0 ? 'X' : 'S',
          },
        ],
      });
    }
    const started = performance.now();
    const result = await session.connection.sendRequest(probe.method, {
      textDocument: { uri },
      position: { line: probe.line, character: probe.character },
    });
    times.push(performance.now() - started);
    // The next edit waits for this one's diagnostics, as when typing slower than the server checks.
    await analysed;
    if (result === null || (Array.isArray(result) && result.length === 0)) {
      throw new Error(
        `${probe.label} at ${probe.line + 1}:${probe.character + 1} returned nothing.`,
      );
    }
  }
  return times;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, character: offset - lineStart };
}
