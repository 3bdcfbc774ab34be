// Runs the end-to-end tests: installs code-server if its cache lacks it, packages the extension,
// compiles the tests and runs test/e2e with mocha. `npm run test:e2e` runs this file, and extra
// arguments go to mocha, such as `npm run test:e2e -- --grep highlights`.
//
// Where this process may create a network namespace (as root, with unshare and ip), mocha runs in
// a new one that has only the loopback interface. There neither code-server nor Chromium can
// reach another host, even if some setting was missed. Elsewhere mocha runs in the normal
// network, and the tests still keep the browser on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageExtension } from './package.mjs';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  console.error(`test:e2e: ${message}`);
  process.exit(1);
}

/** Runs the install script and returns the code-server entry script that it prints last. */
function installCodeServer() {
  const script = path.join(repository, 'scripts', 'install-code-server.sh');
  const result = spawnSync('bash', [script], {
    cwd: repository,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) {
    fail(`installing code-server failed with exit code ${result.status ?? result.signal}`);
  }
  const entry = result.stdout.trim().split('\n').at(-1);
  if (entry === undefined || !entry.endsWith('entry.js')) {
    fail(`the install script printed no code-server entry script; its last line was '${entry}'`);
  }
  return entry;
}

function compileTests() {
  const tsc = path.join(repository, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'test'], {
    cwd: repository,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    fail(`compiling the tests with 'tsc -b test' failed with exit code ${result.status}`);
  }
}

function canIsolateNetwork() {
  const probe = spawnSync('unshare', ['--net', 'ip', 'link', 'set', 'lo', 'up'], {
    stdio: 'ignore',
  });
  return probe.status === 0;
}

function runMocha(environment) {
  const mocha = path.join(repository, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const mochaArgs = [mocha, '--config', 'test/e2e/.mocharc.json', ...process.argv.slice(2)];
  let command = process.execPath;
  let args = mochaArgs;
  if (canIsolateNetwork()) {
    console.log('test:e2e: running the tests in a network namespace that has only loopback');
    command = 'unshare';
    args = [
      '--net',
      'sh',
      '-c',
      'ip link set lo up && exec "$@"',
      'sh',
      process.execPath,
      ...mochaArgs,
    ];
  } else {
    console.log(
      'test:e2e: cannot create a network namespace, so the tests run in the normal network',
    );
  }
  const result = spawnSync(command, args, {
    cwd: repository,
    stdio: 'inherit',
    env: { ...process.env, ...environment },
  });
  return result.status ?? 1;
}

const entry = installCodeServer();
let vsix;
try {
  vsix = packageExtension();
} catch (error) {
  fail(error.message);
}
compileTests();
process.exitCode = runMocha({
  MOCHA_SUITE: 'e2e',
  SWITCHBOARD_CODE_SERVER: entry,
  SWITCHBOARD_VSIX: vsix,
});
