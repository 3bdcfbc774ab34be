/**
 * The language server in a second editor: Neovim, headless, starts `switchboard lsp --stdio`
 * with the configuration for users in test/fixtures/neovim/switchboard.lua.
 * A `switchboard` script on PATH runs dist/cli.js, so `npm run build` has to come first.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPOSITORY, 'dist', 'cli.js');
const INIT = path.join(REPOSITORY, 'test', 'fixtures', 'neovim', 'init.lua');
/** A contract whose only mistake is the service property `timout`, on line 7. */
const MISSPELT = 'test/fixtures/neovim/misspelt-property/comm.yaml';
const TIMEOUT_MS = 20_000;

interface LspDiagnostic {
  message: string;
  code?: string | number;
  severity?: number;
  range: { start: { line: number; character: number } };
}

/** The JSON that init.lua writes when it quits. */
interface NeovimReport {
  reason: 'received' | 'timeout';
  notifications: { uri: string; diagnostics: LspDiagnostic[] }[];
  bufferDiagnostics: { lnum: number; message: string }[];
  clients: number;
}

interface NeovimRun {
  status: number | null;
  stderr: string;
  report: NeovimReport;
}

/** Opens `file` in headless Neovim and returns what init.lua recorded before it quit. */
async function runNeovim(
  home: string,
  file: string,
  waitFor: 'any' | 'nonempty',
): Promise<NeovimRun> {
  const resultFile = path.join(home, 'result.json');
  fs.rmSync(resultFile, { force: true });
  const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', INIT, file], {
    cwd: REPOSITORY,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PATH: `${path.join(home, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`,
      // Neovim's own files, its LSP log among them, go to the test's folder instead of $HOME.
      XDG_CONFIG_HOME: path.join(home, 'config'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_STATE_HOME: path.join(home, 'state'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      SWITCHBOARD_RESULT: resultFile,
      SWITCHBOARD_WAIT_FOR: waitFor,
      SWITCHBOARD_TIMEOUT_MS: String(TIMEOUT_MS),
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  // init.lua quits by itself after TIMEOUT_MS. This kill is for a Neovim that hangs anyway.
  const killTimer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS + 10_000);
  const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(killTimer);

  assert.ok(
    fs.existsSync(resultFile),
    `Neovim exited with status ${status} and wrote no result. Its error output:\n${stderr}`,
  );
  const report = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as NeovimReport;
  return { status, stderr, report };
}

describe('language server in Neovim', function () {
  this.timeout(TIMEOUT_MS + 20_000);
  let home: string;

  before(function () {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error !== undefined) {
      throw new Error(
        `Neovim (nvim) was not found: ${version.error.message}. Install it, on Debian with 'apt-get install -y neovim'.`,
      );
    }
    assert.ok(fs.existsSync(CLI), `${CLI} does not exist. Run 'npm run build' first.`);

    home = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-neovim-'));
    const bin = path.join(home, 'bin');
    fs.mkdirSync(bin);
    const script = path.join(bin, 'switchboard');
    fs.writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    fs.chmodSync(script, 0o755);
  });

  after(function () {
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('publishes no errors for the shop example', async function () {
    const { status, stderr, report } = await runNeovim(home, 'examples/shop/comm.yaml', 'any');

    assert.equal(report.reason, 'received', `no diagnostics arrived. Neovim's errors:\n${stderr}`);
    assert.equal(status, 0);
    assert.equal(report.clients, 1);
    const notification = report.notifications[0];
    assert.ok(notification);
    assert.match(notification.uri, /\/examples\/shop\/comm\.yaml$/);
    const errors = notification.diagnostics.filter((diagnostic) => diagnostic.severity === 1);
    assert.deepEqual(errors, []);
  });

  it('reports a misspelt property', async function () {
    const { status, stderr, report } = await runNeovim(home, MISSPELT, 'nonempty');

    assert.equal(report.reason, 'received', `no diagnostics arrived. Neovim's errors:\n${stderr}`);
    assert.equal(status, 0);
    const published = report.notifications.at(-1)?.diagnostics ?? [];
    const misspelt = published.find(
      (diagnostic) =>
        diagnostic.code === 'unknown-property' && diagnostic.message.includes("'timout'"),
    );
    assert.ok(
      misspelt,
      `no unknown-property diagnostic for 'timout' in ${JSON.stringify(published)}`,
    );
    assert.equal(misspelt.severity, 1);
    assert.equal(misspelt.range.start.line, 6);
    // Neovim stores what it received: the diagnostic is on the buffer, at the same line.
    const stored = report.bufferDiagnostics.find(
      (diagnostic) => diagnostic.message === misspelt.message,
    );
    assert.ok(stored, 'Neovim did not store the diagnostic on the buffer');
    assert.equal(stored.lnum, misspelt.range.start.line);
  });
});
