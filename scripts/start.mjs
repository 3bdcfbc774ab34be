// Builds the bundles, then runs the main jobs on the bundled example: checks the shop contract
// and simulates each of its flows, printing their summaries.
import { spawnSync } from 'node:child_process';

const example = 'examples/shop/comm.yaml';

function run(title, command, args) {
  console.log(`\n> ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${title} failed with exit status ${result.status ?? result.signal}.`);
    process.exit(result.status ?? 1);
  }
}

run('Build', process.execPath, ['scripts/build.mjs']);
run(`switchboard check ${example}`, process.execPath, ['dist/cli.js', 'check', example]);
console.log(`\n${example} has no errors.`);

// The shop's flows, in the order the contract lists them.
const flows = ['checkout-rush', 'payments-outage', 'browsing'];
for (const flow of flows) {
  run(`switchboard simulate ${example} --flow ${flow} --trace 0`, process.execPath, [
    'dist/cli.js',
    'simulate',
    example,
    '--flow',
    flow,
    '--trace',
    '0',
  ]);
}
console.log(`\nEvery flow of ${example} met its expectations.`);
