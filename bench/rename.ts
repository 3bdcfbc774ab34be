/**
 * Rename latency through the real server over stdio, on a contract of 100 files: a root file that
 * includes 99 others, each of which names a service and a policy that the root defines. The
 * rename reads every file and returns edits for all of them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { LspSession } from './lsp-session';
import { formatMs, median, percentile, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROOT = path.resolve(__dirname, '../..');
const INCLUDED_FILES = 99;
/** Services per included file; each has a route and an event, about 40 lines per service. */
const SERVICES_PER_FILE = 4;
const RUNS = 30;
/** The position of the key `orders` in the root file, where the service is defined. */
const ORDERS_KEY = { line: 2, character: 4 };

export const renameSuite: BenchSuite = {
  name: 'rename',
  title: 'Rename across 100 files: request latency',
  async run() {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-rename-'));
    try {
      const lines = writeContract(folder);
      const session = await LspSession.start({
        command: process.execPath,
        args: [path.join(ROOT, 'dist/server.js'), '--stdio'],
        languageId: 'comm-yaml',
        rootUri: pathToFileURL(folder).href,
      });
      try {
        const rootUri = pathToFileURL(path.join(folder, 'comm.yaml')).href;
        await session.open(rootUri, fs.readFileSync(path.join(folder, 'comm.yaml'), 'utf8'));
        const fromDefinition = await measureRename(session, rootUri, ORDERS_KEY, 'fulfilment');
        const partUri = pathToFileURL(path.join(folder, 'part-50.comm.yaml')).href;
        const fromReference = await measureRename(
          session,
          partUri,
          referencePosition(folder),
          'retry-v2',
        );
        printTable(
          ['rename', 'files edited', 'edits', 'median', 'p95'],
          [
            row('service, from its definition', fromDefinition),
            row('policy, from a reference', fromReference),
          ],
        );
        console.log(
          `\n${INCLUDED_FILES + 1} files, ${lines} lines in all; ${RUNS} prepareRename + rename pairs per row, ` +
            'each timed from sending prepareRename to receiving the rename edit.',
        );
      } finally {
        await session.stop();
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
};

interface RenameFigures {
  files: number;
  edits: number;
  latencies: number[];
}

function row(label: string, figures: RenameFigures): string[] {
  return [
    label,
    String(figures.files),
    String(figures.edits),
    formatMs(median(figures.latencies)),
    formatMs(percentile(figures.latencies, 0.95)),
  ];
}

async function measureRename(
  session: LspSession,
  uri: string,
  position: { line: number; character: number },
  newName: string,
): Promise<RenameFigures> {
  const latencies: number[] = [];
  let edit: WorkspaceEdit | null = null;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await session.connection.sendRequest('textDocument/prepareRename', {
      textDocument: { uri },
      position,
    });
    edit = await session.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', {
      textDocument: { uri },
      position,
      newName,
    });
    latencies.push(performance.now() - started);
  }
  const changes = Object.values(edit?.changes ?? {});
  const figures = {
    files: changes.length,
    edits: changes.reduce((sum, edits) => sum + edits.length, 0),
    latencies,
  };
  if (figures.files !== INCLUDED_FILES + 1) {
    throw new Error(
      `The rename edited ${figures.files} files instead of ${INCLUDED_FILES + 1}; the benchmark contract is wrong.`,
    );
  }
  return figures;
}

/** Writes the root and the included files, and returns the total number of lines. */
function writeContract(folder: string): number {
  const includes = Array.from(
    { length: INCLUDED_FILES },
    (_, index) => `  - part-${index}.comm.yaml`,
  );
  const text = [
    'switchboard: 1',
    'services:',
    '  orders:',
    '    protocol: http',
    '    url: http://orders.internal:8080',
    '    retry: shared-retry',
    'policies:',
    '  shared-retry:',
    '    kind: retry',
    '    attempts: 3',
    '    delay: 100ms',
    'includes:',
    ...includes,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(folder, 'comm.yaml'), text);
  let lines = text.split('\n').length;
  for (let part = 0; part < INCLUDED_FILES; part++) {
    const partText = partFile(part);
    fs.writeFileSync(path.join(folder, `part-${part}.comm.yaml`), partText);
    lines += partText.split('\n').length;
  }
  return lines;
}

function partFile(part: number): string {
  const services: string[] = [];
  const routes: string[] = [];
  const messages: string[] = [];
  for (let index = 0; index < SERVICES_PER_FILE; index++) {
    const name = `svc-${part}-${index}`;
    services.push(
      `  ${name}:`,
      '    protocol: http',
      `    url: http://${name}.internal:8080`,
      `    description: Service ${index} of part ${part}.`,
      '    timeout: 500ms',
      '    retry: shared-retry',
    );
    routes.push(
      `  get-${name}:`,
      '    method: GET',
      `    path: /${name}/{id}`,
      `    service: ${name}`,
      '    retry: shared-retry',
      '    parameters:',
      '      id:',
      '        schema: { type: string }',
    );
    messages.push(
      `  ${name.replace(/-/g, '')}Changed:`,
      '    kind: event',
      '    producer: orders',
      `    subscribers: [${name}]`,
      '    payload:',
      '      type: object',
      '      properties:',
      '        id: { type: string }',
    );
  }
  return [
    'switchboard: 1',
    'services:',
    ...services,
    'routes:',
    ...routes,
    'messages:',
    ...messages,
    '',
  ].join('\n');
}

/** The position of the first `shared-retry` reference in part 50, on its first service. */
function referencePosition(folder: string): { line: number; character: number } {
  const lines = fs.readFileSync(path.join(folder, 'part-50.comm.yaml'), 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes('retry: shared-retry'));
  return { line, character: lines[line]!.indexOf('shared-retry') + 2 };
}
