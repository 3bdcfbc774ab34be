/**
 * Runs the benchmarks and prints their figures. `npm run bench -- NAME...` runs only the named
 * suites. Figures are wall-clock times on whatever machine runs them; compare runs side by side.
 */
import { suites } from './suites';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(', ')}; choose from ${suites.map((suite) => suite.name).join(', ')}.`,
    );
    process.exitCode = 2;
    return;
  }
  for (const suite of suites) {
    if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
    console.log(`\n## ${suite.title}\n`);
    await suite.run();
  }
}

void main();
