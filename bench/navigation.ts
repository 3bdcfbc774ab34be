/**
 * Latency of navigation requests through the real server over stdio, on one generated contract of
 * 10,000 lines: definition, references, document highlights (sent on every cursor move), document
 * symbols, folding ranges and quick fixes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateContract } from './contract-generator';
import { LspSession } from './lsp-session';
import { formatMs, median, percentile, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROOT = path.resolve(__dirname, '../..');
const LINES = 10_000;
const RUNS = 50;

interface Probe {
  label: string;
  method: string;
  params: (uri: string, position: { line: number; character: number }) => object;
}

const PROBES: readonly Probe[] = [
  { label: 'definition', method: 'textDocument/definition', params: positional },
  {
    label: 'references',
    method: 'textDocument/references',
    params: (uri, position) => ({
      ...positional(uri, position),
      context: { includeDeclaration: true },
    }),
  },
  { label: 'document highlight', method: 'textDocument/documentHighlight', params: positional },
  {
    label: 'document symbols',
    method: 'textDocument/documentSymbol',
    params: (uri) => ({ textDocument: { uri } }),
  },
  {
    label: 'folding ranges',
    method: 'textDocument/foldingRange',
    params: (uri) => ({ textDocument: { uri } }),
  },
  {
    label: 'code actions',
    method: 'textDocument/codeAction',
    params: (uri, position) => ({
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    }),
  },
];

function positional(uri: string, position: { line: number; character: number }): object {
  return { textDocument: { uri }, position };
}

export const navigationSuite: BenchSuite = {
  name: 'navigation',
  title: `Navigation at ${LINES.toLocaleString('en')} lines: request latency`,
  async run() {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-navigation-'));
    const contract = generateContract(LINES);
    const file = path.join(folder, 'comm.yaml');
    fs.writeFileSync(file, contract.text);
    const uri = pathToFileURL(file).href;
    const session = await LspSession.start({
      command: process.execPath,
      args: [path.join(ROOT, 'dist/server.js'), '--stdio'],
      languageId: 'comm-yaml',
      rootUri: pathToFileURL(folder).href,
    });
    try {
      await session.open(uri, contract.text);
      const positions = referencePositions(contract.text);
      const rows: string[][] = [];
      for (const probe of PROBES) {
        const latencies: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const position = positions[Math.floor((positions.length * run) / RUNS)]!;
          const started = performance.now();
          await session.connection.sendRequest(probe.method, probe.params(uri, position));
          latencies.push(performance.now() - started);
        }
        rows.push([
          probe.label,
          formatMs(median(latencies)),
          formatMs(percentile(latencies, 0.95)),
        ]);
      }
      printTable(['request', 'median', 'p95'], rows);
      console.log(
        `\n${contract.lines} lines, ${RUNS} requests each, on service references spread over the file ` +
          '(`service: svc-N` of the routes).',
      );
    } finally {
      await session.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** The positions of the service names in `service: svc-N` lines, inside the name. */
function referencePositions(text: string): Array<{ line: number; character: number }> {
  const positions: Array<{ line: number; character: number }> = [];
  text.split('\n').forEach((line, index) => {
    const at = line.indexOf('service: svc-');
    if (at >= 0) positions.push({ line: index, character: at + 'service: '.length + 2 });
  });
  return positions;
}
