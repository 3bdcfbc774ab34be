/**
 * Edit-to-diagnostics latency and memory of the Switchboard server, next to yaml-language-server
 * validating the same file against schemas/comm.schema.json, and next to the floor: parsing the
 * whole file with yaml and validating it with ajv in this process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';
import { applyEdit, generateContract, GeneratedContract, planEdits } from './contract-generator';
import { LineIndex } from '../server/src/contract/text';
import { LspSession, SessionOptions } from './lsp-session';
import { formatMiB, formatMs, median, percentile, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROOT = path.resolve(__dirname, '../..');
/** BENCH_SIZES=10000,50000 measures only those sizes, for a quicker run while tuning. */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
/** BENCH_PEER=0 leaves yaml-language-server out, for a quicker run while tuning. */
const WITH_PEER = process.env.BENCH_PEER !== '0';
const EDITS = 40;

interface Figures {
  server: string;
  lines: number;
  openMs: number;
  editMedianMs: number;
  editP95Ms: number;
  /** The server's processor time per edit, which a busy machine inflates less than wall time. */
  editCpuMs: number;
  /** Edits that leave an error after which the server reported one, of all such edits. */
  errors: string;
  peakBytes: number;
}

export const diagnosticsSuite: BenchSuite = {
  name: 'diagnostics',
  title: 'Diagnostics: open and per-edit latency, peak memory',
  async run() {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
    const rows: string[][] = [];
    try {
      for (const size of SIZES) {
        const contract = generateContract(size);
        const floorMs = measureFloor(contract.text);
        const ours = await measureServer(switchboardServer(folder), folder, contract, size);
        rows.push(row(ours, floorMs));
        if (WITH_PEER)
          rows.push(
            row(await measureServer(yamlLanguageServer(folder), folder, contract, size), floorMs),
          );
        rows.push([
          'floor: yaml + ajv',
          String(contract.lines),
          '-',
          formatMs(floorMs),
          '-',
          '-',
          '-',
          '-',
          '-',
        ]);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    printTable(
      [
        'server',
        'lines',
        'open',
        'edit median',
        'edit p95',
        'p95 / floor',
        'edit CPU',
        'errors found',
        'peak RSS',
      ],
      rows,
    );
    console.log(
      `\n${EDITS} edits per size, each waiting for its diagnostics: typing in descriptions, replacing a ` +
        'word, adding lines, and mistakes (a misspelt reference, broken YAML, a misspelt enum value) ' +
        "that the next edit fixes. Latencies include each server's own debounce delay. The floor row " +
        'gives the time to parse and validate the whole file once, in the edit median column. Edit CPU ' +
        "is the server's processor time per edit. Errors found counts the mistakes after which the " +
        'server reported an error; yaml-language-server validates against the schema only, so it ' +
        'cannot see a misspelt reference.',
    );
  },
};

function row(figures: Figures, floorMs: number): string[] {
  return [
    figures.server,
    String(figures.lines),
    formatMs(figures.openMs),
    formatMs(figures.editMedianMs),
    formatMs(figures.editP95Ms),
    `${(figures.editP95Ms / floorMs).toFixed(2)}x`,
    formatMs(figures.editCpuMs),
    figures.errors,
    formatMiB(figures.peakBytes),
  ];
}

function switchboardServer(folder: string): { name: string; options: SessionOptions } {
  return {
    name: 'switchboard',
    options: {
      command: process.execPath,
      // BENCH_SERVER_ARGS passes options to node, such as --cpu-prof to profile the server.
      args: [...serverNodeArgs(), path.join(ROOT, 'dist/server.js'), '--stdio'],
      languageId: 'comm-yaml',
      rootUri: pathToFileURL(folder).href,
    },
  };
}

function serverNodeArgs(): string[] {
  const args = process.env.BENCH_SERVER_ARGS;
  return args === undefined || args === '' ? [] : args.split(' ');
}

function yamlLanguageServer(folder: string): { name: string; options: SessionOptions } {
  const schemaUri = pathToFileURL(path.join(ROOT, 'schemas/comm.schema.json')).href;
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    // The schema store is fetched from the internet; this benchmark uses only the local schema.
    schemaStore: { enable: false },
    schemas: { [schemaUri]: ['*.comm.yaml'] },
  };
  return {
    name: 'yaml-language-server',
    options: {
      command: process.execPath,
      args: [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio'],
      languageId: 'yaml',
      rootUri: pathToFileURL(folder).href,
      settings: { yaml },
    },
  };
}

async function measureServer(
  server: { name: string; options: SessionOptions },
  folder: string,
  contract: GeneratedContract,
  size: number,
): Promise<Figures> {
  const file = path.join(folder, `bench-${size}-${server.name}.comm.yaml`);
  fs.writeFileSync(file, contract.text);
  const uri = pathToFileURL(file).href;
  const session = await LspSession.start(server.options);
  try {
    let text = contract.text;
    const openMs = (await session.open(uri, text)).ms;
    const cpuBefore = session.cpuMs();
    const latencies: number[] = [];
    let errorsSeen = 0;
    let errorsExpected = 0;
    let version = 1;
    for (const plan of planEdits(contract, EDITS)) {
      const edit = plan(text);
      const lines = new LineIndex(text);
      const range = lines.rangeOf({ start: edit.offset, end: edit.offset + edit.deleted });
      const result = await session.change(uri, ++version, { range, text: edit.inserted });
      latencies.push(result.ms);
      const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 1).length;
      if (edit.leavesError) {
        errorsExpected++;
        if (errors > 0) errorsSeen++;
      }
      text = applyEdit(text, edit);
    }
    return {
      server: server.name,
      lines: contract.lines,
      openMs,
      editMedianMs: median(latencies),
      editP95Ms: percentile(latencies, 0.95),
      editCpuMs: (session.cpuMs() - cpuBefore) / EDITS,
      errors: `${errorsSeen}/${errorsExpected}`,
      peakBytes: session.peakMemory(),
    };
  } finally {
    await session.stop();
  }
}

/** The cost of the whole job done once: parse the file and validate its data, median of 5. */
function measureFloor(text: string): number {
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'schemas/comm.schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv({
    allErrors: true,
    discriminator: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  const validate = ajv.compile(schema);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const document = parseDocument(text, { merge: true });
    validate(document.toJS());
    times.push(performance.now() - started);
  }
  return median(times);
}
