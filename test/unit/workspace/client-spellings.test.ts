import { strict as assert } from 'node:assert';
import { pathToFileURL } from 'node:url';
import { ClientSpellings } from '../../../server/src/workspace/client-transport';
import { canonicalUri } from '../../../server/src/workspace/uris';

const EDITOR = 'file:///work/team%20%28copy%29/comm.yaml';
const CANONICAL = pathToFileURL('/work/team (copy)/comm.yaml').href;

describe('client URI spellings', () => {
  it('spells file URIs one way', () => {
    assert.equal(canonicalUri(EDITOR), CANONICAL);
  });

  it('keeps other schemes as written', () => {
    assert.equal(canonicalUri('untitled:Untitled-1'), 'untitled:Untitled-1');
  });

  it('reads incoming URIs canonically', () => {
    const message = { params: { textDocument: { uri: EDITOR }, text: EDITOR } };
    new ClientSpellings().fromClient(message);
    assert.deepEqual(message, { params: { textDocument: { uri: CANONICAL }, text: EDITOR } });
  });

  it('respells outgoing location URIs', () => {
    const spellings = new ClientSpellings();
    spellings.fromClient({ uri: EDITOR });
    const location = { uri: CANONICAL, range: {} };
    assert.deepEqual(spellings.toClient({ result: [location] }), {
      result: [{ uri: EDITOR, range: {} }],
    });
  });

  it('leaves the sent objects unchanged', () => {
    const spellings = new ClientSpellings();
    spellings.fromClient({ uri: EDITOR });
    const location = { uri: CANONICAL, range: {} };
    spellings.toClient({ result: [location] });
    assert.equal(location.uri, CANONICAL);
  });

  it('respells the keys of edits', () => {
    const spellings = new ClientSpellings();
    spellings.fromClient({ uri: EDITOR });
    const edit = { changes: { [CANONICAL]: [{ newText: 'x' }] } };
    assert.deepEqual(spellings.toClient({ params: { edit } }), {
      params: { edit: { changes: { [EDITOR]: [{ newText: 'x' }] } } },
    });
  });
});
