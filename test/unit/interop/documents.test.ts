import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentError, loadDocumentSet } from '../../../server/src/interop/documents';

describe('document loading', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-documents-'));
    fs.mkdirSync(path.join(folder, 'api'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const location = path.join(folder, name);
    fs.writeFileSync(location, text);
    return location;
  }

  it('follows relative file references', async () => {
    write('api/schemas.yaml', 'Pet:\n  type: object\n');
    const root = write('api/root.yaml', "pet:\n  $ref: './schemas.yaml#/Pet'\n");
    const set = await loadDocumentSet(root, {
      boundary: path.join(folder, 'api'),
      allowRemoteRefs: false,
    });
    assert.equal(set.documents.size, 2);
    assert.deepEqual(set.notes.notes, []);
  });

  it('refuses files outside the boundary', async () => {
    write('outside.yaml', 'Pet:\n  type: object\n');
    const root = write('api/root.yaml', "pet:\n  $ref: '../outside.yaml#/Pet'\n");
    const set = await loadDocumentSet(root, {
      boundary: path.join(folder, 'api'),
      allowRemoteRefs: false,
    });
    assert.equal(set.documents.size, 1);
    assert.equal(set.notes.notes[0]?.severity, 'warning');
    assert.match(set.notes.notes[0]?.message ?? '', /outside the folder/);
    assert.deepEqual(set.notes.notes[0]?.line, 1);
  });

  it('never fetches remote references by default', async () => {
    const fetched: string[] = [];
    const root = write('api/root.yaml', 'pet:\n  $ref: https://schemas.example/pet.json\n');
    const set = await loadDocumentSet(root, {
      boundary: path.join(folder, 'api'),
      allowRemoteRefs: false,
      fetchRemote: async (url) => {
        fetched.push(url);
        return '{}';
      },
    });
    assert.deepEqual(fetched, []);
    assert.match(
      set.notes.notes[0]?.message ?? '',
      /https:\/\/schemas\.example\/pet\.json was not fetched/,
    );
    assert.deepEqual((set.root.data as { pet: unknown }).pet, {});
  });

  it('reports a reference to nothing', async () => {
    const root = write('api/root.yaml', "pet:\n  $ref: '#/components/Pet'\n");
    const set = await loadDocumentSet(root, {
      boundary: path.join(folder, 'api'),
      allowRemoteRefs: false,
    });
    assert.equal(set.notes.notes[0]?.severity, 'error');
    assert.match(set.notes.notes[0]?.message ?? '', /points to nothing/);
  });

  it('rejects invalid YAML', async () => {
    const root = write('api/root.yaml', 'a: [1, 2\n');
    await assert.rejects(
      loadDocumentSet(root, { boundary: folder, allowRemoteRefs: false }),
      (error: Error) =>
        error instanceof DocumentError && /is not valid YAML or JSON/.test(error.message),
    );
  });
});
