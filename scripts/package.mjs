// Builds the bundles and packages the extension as a .vsix with vsce. `npm run package` runs this
// file, and scripts/test-e2e.mjs imports packageExtension() to get the .vsix it installs.
//
// vsce runs with --no-dependencies because esbuild bundles every dependency into dist/, and
// .vscodeignore lists the only files that go into the package.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsce = path.join(repository, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Runs a command in the repository, with its output on this process's, and throws on failure. */
function run(description, command, args) {
  // Standard input stays closed, so that a vsce prompt fails instead of waiting for an answer.
  const result = spawnSync(command, args, {
    cwd: repository,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error !== undefined) {
    throw new Error(`${description} failed to start: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${description} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** The files that the manifest names, which the build must produce before vsce runs. */
function requiredFiles(manifest) {
  const files = [
    manifest.main,
    './dist/server.js',
    './media/simulation/page.js',
    './media/simulation/page.css',
  ];
  return files
    .filter((file) => typeof file === 'string')
    .map((file) => path.join(repository, file));
}

/** Builds and packages the extension, and returns the path of the .vsix. */
export function packageExtension() {
  const manifest = JSON.parse(fs.readFileSync(path.join(repository, 'package.json'), 'utf8'));
  const vsix = path.join(repository, `${manifest.name}-${manifest.version}.vsix`);

  run('npm run build', 'npm', ['run', '--silent', 'build']);
  const missing = requiredFiles(manifest).filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    const names = missing.map((file) => path.relative(repository, file)).join(', ');
    throw new Error(`The build did not produce ${names}, so there is nothing to package.`);
  }

  fs.rmSync(vsix, { force: true });
  // NOTE: package.json has no repository field because the project has no public repository
  // address yet. Add the field once it has one, and drop --allow-missing-repository.
  run('vsce package', process.execPath, [
    vsce,
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--out',
    vsix,
  ]);
  return vsix;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const vsix = packageExtension();
    const kib = fs.statSync(vsix).size / 1024;
    console.log(`Packaged ${path.relative(process.cwd(), vsix)} (${kib.toFixed(1)} KiB)`);
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exitCode = 1;
  }
}
