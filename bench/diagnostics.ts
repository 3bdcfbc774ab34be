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
import { generateContract, GeneratedContract } from './contract-generator';
import { LspSession, SessionOptions } from './lsp-session';
import { formatMiB, formatMs, median, percentile, printTable } from './stats';
import type { BenchSuite } from './suites';

const ROOT = path.resolve(__dirname, '../..');
const SIZES = [1_000, 10_000, 50_000];
const EDITS = 40;

interface Figures {
  server: string;
  lines: number;
  openMs: number;
  editMedianMs: number;
  editP95Ms: number;
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
        const peer = await measureServer(yamlLanguageServer(folder), folder, contract, size);
        for (const figures of [ours, peer]) rows.push(row(figures, floorMs));
        rows.push(['floor: yaml + ajv', String(contract.lines), '-', formatMs(floorMs), '-', '-', '-']);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    printTable(['server', 'lines', 'open', 'edit median', 'edit p95', 'p95 / floor', 'peak RSS'], rows);
    console.log(
      `\n${EDITS} edits per size, each waiting for its diagnostics; 4 in 5 change a description, ` +
        '1 in 5 inserts two lines. Latencies include each server\'s own debounce delay.',
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
    formatMiB(figures.peakBytes),
  ];
}

function switchboardServer(folder: string): { name: string; options: SessionOptions } {
  return {
    name: 'switchboard',
    options: {
      command: process.execPath,
      args: [path.join(ROOT, 'dist/server.js'), '--stdio'],
      languageId: 'comm-yaml',
      rootUri: pathToFileURL(folder).href,
    },
  };
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
    const openMs = await session.open(uri, contract.text);
    const latencies: number[] = [];
    let shift = 0;
    for (let edit = 0; edit < EDITS; edit++) {
      const offsets = contract.descriptionOffsets;
      const offset = offsets[Math.floor((offsets.length * edit) / EDITS)]! + shift;
      const position = positionAt(contract.text, offset);
      // Every fifth edit adds lines, which changes the file's structure, not only a value.
      const text = edit % 5 === 4 ? `edited ${edit}\n    x-edit-${edit}: true\n    x-rest: ` : 'x';
      latencies.push(
        await session.change(uri, edit + 2, {
          range: { start: position, end: position },
          text,
        }),
      );
      contract = { ...contract, text: insertAt(contract.text, offset, text) };
      shift += text.length;
    }
    return {
      server: server.name,
      lines: contract.lines,
      openMs,
      editMedianMs: median(latencies),
      editP95Ms: percentile(latencies, 0.95),
      peakBytes: session.peakMemory(),
    };
  } finally {
    await session.stop();
  }
}

function insertAt(text: string, offset: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset);
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

/** The cost of the whole job done once: parse the file and validate its data, median of 5. */
function measureFloor(text: string): number {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/comm.schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, discriminator: true, strictRequired: false, allowUnionTypes: true });
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
