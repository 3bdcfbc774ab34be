// Builds the bundles, then runs the main jobs on the bundled example: checks the shop contract,
// generates its TypeScript client and handlers and type-checks them with tsc in strict mode, and
// simulates each of its flows, printing their summaries.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const example = 'examples/shop/comm.yaml';
const generated = 'out/generated/shop';
// The strictest options the generated code promises to pass.
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'node16',
    moduleResolution: 'node16',
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
};

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
run(`switchboard generate ${example} --out ${generated}`, process.execPath, [
  'dist/cli.js',
  'generate',
  example,
  '--out',
  generated,
]);
writeFileSync(`${generated}/tsconfig.json`, JSON.stringify(tsconfig, null, 2) + '\n');
run(`tsc -p ${generated}`, process.execPath, ['node_modules/typescript/bin/tsc', '-p', generated]);
console.log(`\n${example} has no errors; its generated client in ${generated} type-checks.`);

// The shop's flows, in the order the contract lists them.
const flows = Object.keys(parse(readFileSync(example, 'utf8')).flows ?? {});
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
