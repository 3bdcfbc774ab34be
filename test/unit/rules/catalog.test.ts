import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeCatalog } from '../../../server/src/rules/catalog';

const RULES_DOC = path.resolve(__dirname, '../../../../docs/rules.md');

describe('rule catalog', () => {
  const headings = fs
    .readFileSync(RULES_DOC, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('### '))
    .map((line) => line.slice(4).trim());

  it('documents every code', () => {
    const missing = codeCatalog()
      .map((info) => info.code)
      .filter((code) => !headings.includes(code));
    assert.deepEqual(missing, []);
  });

  it('documents no code that does not exist', () => {
    const codes = new Set(codeCatalog().map((info) => info.code));
    assert.deepEqual(
      headings.filter((heading) => !codes.has(heading)),
      [],
    );
  });

  it('uses each code once', () => {
    const codes = codeCatalog().map((info) => info.code);
    assert.equal(new Set(codes).size, codes.length);
  });

  it('states the default severity in each entry', () => {
    const text = fs.readFileSync(RULES_DOC, 'utf8');
    for (const info of codeCatalog()) {
      const entry = text.split(`### ${info.code}\n`)[1]?.trimStart() ?? '';
      const severity = info.severity === 'information' ? 'Information' : info.severity[0]!.toUpperCase() + info.severity.slice(1);
      assert.ok(entry.startsWith(`${severity}.`), `${info.code} should start with '${severity}.'`);
    }
  });
});
