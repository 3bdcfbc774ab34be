import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportDocument } from '../../../server/src/interop/export';
import { contractText, importDocument, SourceFormat } from '../../../server/src/interop/import';
import { documentSetFromText } from '../../../server/src/interop/documents';
import { NoteList } from '../../../server/src/interop/notes';
import { validateAsyncApi, validateOpenApi } from '../../../server/src/interop/validators';
import { analyzeText } from '../../support/analyze';
import { CORPUS, corpusDocuments } from '../../support/corpus';
import { REPO_ROOT } from '../../support/lsp-client';

function formatOf(location: string): SourceFormat {
  return location.includes(`${path.sep}openapi${path.sep}`) ? 'openapi' : 'asyncapi';
}

async function validateNative(document: object, format: SourceFormat): Promise<string[]> {
  if (format === 'openapi')
    return (await validateOpenApi(document)).map((problem) => problem.message);
  const notes = new NoteList();
  await validateAsyncApi(
    documentSetFromText('file:///exported.json', JSON.stringify(document)),
    notes,
  );
  return notes.notes.filter((note) => note.severity === 'error').map((note) => note.message);
}

describe('corpus import and export', function () {
  this.timeout(120_000);

  for (const location of corpusDocuments()) {
    const name = path.relative(CORPUS, location);
    const format = formatOf(location);

    it(`round-trips ${name}`, async () => {
      const first = await importDocument(location, { root: CORPUS });
      const errors = first.notes
        .filter((note) => note.severity === 'error')
        .map((note) => note.message);
      assert.deepEqual(errors, [], 'import errors');
      const contract = first.contract!;

      const text = contractText(contract, path.basename(location), first.source);
      const problems = analyzeText(text).filter((found) => found.severity === 'error');
      assert.deepEqual(
        problems.map((found) => `${found.code} ${found.at} ${found.message}`),
        [],
        'check errors',
      );

      const exported = exportDocument(structuredClone(contract), format, 'exported');
      assert.deepEqual(await validateNative(exported, format), [], 'exported document is invalid');

      const folder = fs.mkdtempSync(path.join(REPO_ROOT, 'out', 'corpus-'));
      try {
        const file = path.join(folder, 'exported.json');
        fs.writeFileSync(file, JSON.stringify(exported));
        const second = await importDocument(file);
        assert.deepEqual(second.contract, contract, 'contract after the round trip');
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
