import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { outputFolder, SHOP_CONTRACT } from '../support/generated';

describe('switchboard generate', function () {
  this.timeout(60_000);

  it('keeps a changed file without --force', () => {
    const folder = outputFolder('cli-keep');
    assert.equal(runCli(['generate', SHOP_CONTRACT, '--out', folder]).status, 0);
    const types = path.join(folder, 'types.ts');
    fs.appendFileSync(types, '// my change\n');
    const second = runCli(['generate', SHOP_CONTRACT, '--out', folder]);
    assert.equal(second.status, 1);
    assert.ok(fs.readFileSync(types, 'utf8').endsWith('// my change\n'));
    assert.match(second.stderr, /types\.ts: it was changed since it was generated/);
  });

  it('replaces a changed file with --force', () => {
    const folder = outputFolder('cli-force');
    runCli(['generate', SHOP_CONTRACT, '--out', folder]);
    const types = path.join(folder, 'types.ts');
    fs.appendFileSync(types, '// my change\n');
    assert.equal(runCli(['generate', SHOP_CONTRACT, '--out', folder, '--force']).status, 0);
    assert.ok(!fs.readFileSync(types, 'utf8').includes('// my change'));
  });

  it('never replaces an edited stub', () => {
    const folder = outputFolder('cli-stub');
    runCli(['generate', SHOP_CONTRACT, '--out', folder]);
    const stub = path.join(folder, 'handlers/payments.stub.ts');
    fs.writeFileSync(stub, 'export const mine = 1;\n');
    runCli(['generate', SHOP_CONTRACT, '--out', folder, '--force']);
    assert.equal(fs.readFileSync(stub, 'utf8'), 'export const mine = 1;\n');
  });

  it('exits 2 without --out', () => {
    assert.equal(runCli(['generate', SHOP_CONTRACT]).status, 2);
  });
});
