/** Generation time for a contract of 1,000 routes and 1,000 messages, and tsc's time on the output. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { generateClient } from '../server/src/codegen/generate';
import { planOutput, writeOutput } from '../server/src/codegen/output';
import { buildContract } from '../server/src/contract/model';
import { parseContract } from '../server/src/contract/parse';
import { formatMs, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROUTES = 1_000;
const MESSAGES = 1_000;
const SERVICES = 20;
const RUNS = 5;

/** Writes a contract of SERVICES HTTP services, ROUTES routes and MESSAGES messages. */
function contractText(): string {
  const lines = [
    'switchboard: 1',
    'gateway:',
    '  url: http://127.0.0.1:1',
    '  timeout: 5s',
    'services:',
  ];
  for (let s = 0; s < SERVICES; s++)
    lines.push(
      `  svc-${s}:`,
      '    protocol: http',
      '    url: http://127.0.0.1:1',
      '    timeout: 500ms',
      '    retry: retry',
    );
  lines.push('routes:');
  for (let r = 0; r < ROUTES; r++) {
    lines.push(
      `  route-${r}:`,
      '    method: POST',
      `    path: /r${r}/{id}`,
      `    service: svc-${r % SERVICES}`,
      '    auth: none',
    );
    lines.push(
      '    parameters:',
      '      id: { schema: { type: string } }',
      `    request: msg-${r}`,
      `    response: msg-${(r + 1) % MESSAGES}`,
    );
  }
  lines.push('messages:');
  for (let m = 0; m < MESSAGES; m++) {
    const kind = m % 2 === 0 ? 'command' : 'response';
    lines.push(`  msg-${m}:`, `    kind: ${kind}`, `    producer: svc-${m % SERVICES}`);
    if (kind === 'command') lines.push(`    handler: svc-${(m + 1) % SERVICES}`);
    lines.push(
      '    payload:',
      '      type: object',
      '      required: [id, lines]',
      '      properties:',
    );
    lines.push(
      '        id: { type: string }',
      '        count: { type: integer }',
      '        lines: { type: array, items: { $ref: "#/schemas/Line" } }',
    );
  }
  lines.push('policies:', '  retry: { kind: retry, attempts: 3, jitter: full }');
  lines.push(
    'schemas:',
    '  Line: { type: object, required: [sku], properties: { sku: { type: string } } }',
  );
  return lines.join('\n') + '\n';
}

export const codegenSuite: BenchSuite = {
  name: 'codegen',
  title: `Generation: ${ROUTES} routes and ${MESSAGES} messages, then tsc on the output`,
  async run() {
    const contract = buildContract([parseContract('file:///bench/comm.yaml', contractText())]);
    const times: number[] = [];
    let files = generateClient(contract, 'comm.yaml').files;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      files = generateClient(contract, 'comm.yaml').files;
      times.push(performance.now() - start);
    }

    const folder = path.resolve(__dirname, '../generated/bench');
    fs.rmSync(folder, { recursive: true, force: true });
    writeOutput(planOutput(folder, files), false);
    const tscStart = performance.now();
    const program = ts.createProgram(
      files.filter((file) => file.path.endsWith('.ts')).map((file) => path.join(folder, file.path)),
      {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
    );
    const errors = ts.getPreEmitDiagnostics(program).length;
    const tscMs = performance.now() - tscStart;

    const bytes = files.reduce((sum, file) => sum + file.text.length, 0);
    printTable(
      ['measure', 'value'],
      [
        ['files generated', String(files.length)],
        ['characters generated', String(bytes)],
        [`generation, best of ${RUNS} (target < 1 s)`, formatMs(Math.min(...times))],
        [
          `generation, median of ${RUNS}`,
          formatMs(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!),
        ],
        ['tsc --strict --noEmit on the output', formatMs(tscMs)],
        ['tsc errors', String(errors)],
      ],
    );
  },
};
