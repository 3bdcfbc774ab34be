/**
 * Runs one `switchboard import` or `export`, or `parse FILE` with @asyncapi/parser alone, in a
 * process of its own, so that its peak memory is its own. Prints
 * `{"ms": ..., "maxRssBytes": ..., "status": ...}` on the last line of stdout.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { main } from '../server/src/cli/main';

async function parseOnly(location: string): Promise<number> {
  const { Parser } = await import('@asyncapi/parser');
  const output = await new Parser().parse(fs.readFileSync(location, 'utf8'));
  return output.document === undefined ? 1 : 0;
}

async function run(): Promise<void> {
  const started = performance.now();
  const [command, ...rest] = process.argv.slice(2);
  const status =
    command === 'parse' ? await parseOnly(rest[0]!) : await main(process.argv.slice(2));
  const ms = performance.now() - started;
  // resourceUsage().maxRSS is in kilobytes.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`\n${JSON.stringify({ ms, maxRssBytes, status })}\n`);
}

void run();
