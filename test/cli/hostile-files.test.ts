import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { CliResult, runCli } from '../support/cli';
import { REPO_ROOT } from '../support/lsp-client';

/** A line of a Node.js stack trace, as an uncaught error prints it. */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

function assertCleanExit(result: CliResult, what: string): void {
  assert.ok(
    [0, 1, 2].includes(result.status ?? -1),
    `${what}: exit status ${result.status}\n${result.stderr}`,
  );
  assert.doesNotMatch(result.stderr, STACK_LINE, `${what}: a stack trace on stderr`);
  assert.doesNotMatch(result.stdout, STACK_LINE, `${what}: a stack trace on stdout`);
  if (result.status !== 0)
    assert.notEqual(result.stdout + result.stderr, '', `${what}: no message`);
}

describe('switchboard check on hostile files', function () {
  this.timeout(120_000);
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-hostile-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('exits cleanly on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const file = path.join(folder, 'random.comm.yaml');
        fs.writeFileSync(file, bytes);
        assertCleanExit(runCli(['check', file]), `${bytes.length} random bytes`);
      }),
      { numRuns: 12 },
    );
  });

  it('exits cleanly on truncated contracts', () => {
    const files: string[] = [];
    for (const example of ['examples/shop/comm.yaml', 'examples/mistakes/comm.yaml']) {
      const bytes = fs.readFileSync(path.join(REPO_ROOT, example));
      // Cuts fall anywhere, inside UTF-8 sequences and CRLF pairs too.
      for (let cut = 0; cut < bytes.length; cut += 997) {
        const file = path.join(folder, `cut-${files.length}.comm.yaml`);
        fs.writeFileSync(file, bytes.subarray(0, cut));
        files.push(file);
      }
    }
    const result = runCli(['check', ...files, '--format', 'json']);
    assertCleanExit(result, `${files.length} truncated files`);
    assert.ok(Array.isArray(JSON.parse(result.stdout)));
  });

  it('exits cleanly on a nesting bomb', () => {
    const file = path.join(folder, 'deep.comm.yaml');
    fs.writeFileSync(file, `${'- '.repeat(10_000)}x\n`);
    const result = runCli(['check', file]);
    assertCleanExit(result, 'nesting bomb');
    assert.match(result.stdout, /nesting-limit/);
  });
});
