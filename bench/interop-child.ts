/**
 * Runs one `switchboard import` or `export` in a process of its own, so that its peak memory is its
 * own, and prints `{"ms": ..., "maxRssBytes": ..., "status": ...}` on the last line of stdout.
 */
import { performance } from 'node:perf_hooks';
import { main } from '../server/src/cli/main';

async function run(): Promise<void> {
  const started = performance.now();
  const status = await main(process.argv.slice(2));
  const ms = performance.now() - started;
  // resourceUsage().maxRSS is in kilobytes.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`\n${JSON.stringify({ ms, maxRssBytes, status })}\n`);
}

void run();
