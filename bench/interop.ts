/**
 * Import and export time and peak memory for a generated AsyncAPI 3.0 document of 2,000 messages:
 * `switchboard import` of the document (load, validation with @asyncapi/parser, conversion), then
 * `switchboard export` of the imported contract back to AsyncAPI (conversion and validation).
 * Parsing the document with @asyncapi/parser alone, the floor of both, is measured beside them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { formatMiB, formatMs, median, printTable } from './stats';
import type { BenchSuite } from './suites';

const MESSAGES = 2_000;
const MESSAGES_PER_CHANNEL = 10;
const RUNS = 3;
const CHILD = path.join(__dirname, 'interop-child.js');

interface Measurement {
  ms: number;
  maxRssBytes: number;
  status: number;
}

export const interopSuite: BenchSuite = {
  name: 'interop',
  title: `Interop: import and export of an AsyncAPI document with ${MESSAGES} messages`,
  async run() {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-interop-'));
    try {
      const source = path.join(folder, 'asyncapi.yaml');
      fs.writeFileSync(source, stringify(generateAsyncApi(MESSAGES)));
      const contract = path.join(folder, 'comm.yaml');
      const exported = path.join(folder, 'exported.yaml');
      const parses = repeat(['parse', source]);
      const imports = repeat(['import', source, '--out', contract, '--force']);
      const exports = repeat([
        'export',
        contract,
        '--to',
        'asyncapi',
        '--out',
        exported,
        '--force',
      ]);
      const kib = (file: string) => `${(fs.statSync(file).size / 1024).toFixed(0)} KiB`;
      printTable(
        ['step', 'input', 'median time', 'peak RSS'],
        [
          [
            '@asyncapi/parser alone',
            kib(source),
            formatMs(median(parses.map((run) => run.ms))),
            peak(parses),
          ],
          ['import', kib(source), formatMs(median(imports.map((run) => run.ms))), peak(imports)],
          ['export', kib(contract), formatMs(median(exports.map((run) => run.ms))), peak(exports)],
        ],
      );
      console.log(
        `\n${RUNS} runs of each, every one in a new process; times exclude Node.js start-up.`,
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
};

function peak(runs: readonly Measurement[]): string {
  return formatMiB(Math.max(...runs.map((run) => run.maxRssBytes)));
}

function repeat(args: string[]): Measurement[] {
  const runs: Measurement[] = [];
  for (let index = 0; index < RUNS; index++) runs.push(measure(args));
  return runs;
}

function measure(args: string[]): Measurement {
  const result = spawnSync(process.execPath, [CHILD, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  const measurement = JSON.parse(last) as Measurement;
  if (measurement.status !== 0) {
    throw new Error(
      `switchboard ${args[0]} exited with ${measurement.status}: ${result.stderr.slice(0, 2000)}`,
    );
  }
  return measurement;
}

/** Builds an AsyncAPI 3.0 document whose channels carry ten messages each, every one with a payload. */
export function generateAsyncApi(messages: number): object {
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const componentMessages: Record<string, object> = {};
  const schemas: Record<string, object> = {
    Money: {
      type: 'object',
      required: ['amount', 'currency'],
      properties: {
        amount: { type: 'integer' },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      },
    },
  };
  for (let index = 0; index < messages; index++) {
    const channel = `channel${Math.floor(index / MESSAGES_PER_CHANNEL)}`;
    const name = `Message${index}`;
    componentMessages[name] = {
      name,
      contentType: 'application/json',
      description: `Message number ${index}.`,
      payload: {
        type: 'object',
        required: ['id', 'amount'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          amount: { $ref: '#/components/schemas/Money' },
          note: { type: 'string', maxLength: 200 },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    };
    const holder = (channels[channel] ??= {
      address: `bench.${channel}.{region}`,
      parameters: { region: { enum: ['eu', 'us'] } },
      servers: [{ $ref: '#/servers/broker' }],
      messages: {},
    }) as { messages: Record<string, object> };
    holder.messages[name] = { $ref: `#/components/messages/${name}` };
    operations[`send${name}`] = {
      action: index % 2 === 0 ? 'send' : 'receive',
      channel: { $ref: `#/channels/${channel}` },
      messages: [{ $ref: `#/channels/${channel}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Bench', version: '1.0.0' },
    servers: { broker: { host: 'kafka.bench.internal:9092', protocol: 'kafka' } },
    channels,
    operations,
    components: { schemas, messages: componentMessages },
  };
}
