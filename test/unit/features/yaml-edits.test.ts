import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver/node';
import { parseContract } from '../../../server/src/contract/parse';
import { nodeAtPath } from '../../../server/src/contract/tree';
import { addEntry, removeEntry, renderBlock } from '../../../server/src/features/yaml-edits';

const URI = 'file:///workspace/comm.yaml';

function applied(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'no edit');
  return TextDocument.applyEdits(TextDocument.create(URI, 'comm-yaml', 1, text), [edit]);
}

describe('yaml entry edits', () => {
  it('adds below a key without value', () => {
    const text = 'switchboard: 1\nqueues:\nservices: {}\n';
    const edit = addEntry(parseContract(URI, text), ['queues'], 'work', {});
    assert.equal(applied(text, edit), 'switchboard: 1\nqueues:\n  work: {}\nservices: {}\n');
  });

  it('replaces a null and keeps its comment', () => {
    const text = 'switchboard: 1\nqueues: null # filled later\n';
    const edit = addEntry(parseContract(URI, text), ['queues'], 'work', { maxSize: 10 });
    assert.equal(
      applied(text, edit),
      'switchboard: 1\nqueues: # filled later\n  work:\n    maxSize: 10\n',
    );
  });

  it('adds to an empty flow mapping', () => {
    const text = 'switchboard: 1\nqueues: {}\n';
    const edit = addEntry(parseContract(URI, text), ['queues'], 'work', { maxSize: 10 });
    assert.equal(applied(text, edit), 'switchboard: 1\nqueues: {work: {maxSize: 10}}\n');
  });

  it('follows the indentation of the mapping', () => {
    const text = 'queues:\n    work:\n        maxSize: 10\n';
    const edit = addEntry(parseContract(URI, text), ['queues', 'work'], 'maxDeliveries', 3);
    assert.equal(
      applied(text, edit),
      'queues:\n    work:\n        maxSize: 10\n        maxDeliveries: 3\n',
    );
  });

  it('adds after a block scalar', () => {
    const text =
      'queues:\n  work:\n    description: |\n      Long text.\n\n      More.\nservices: {}\n';
    const edit = addEntry(parseContract(URI, text), ['queues', 'work'], 'maxSize', 5);
    assert.equal(
      applied(text, edit),
      'queues:\n  work:\n    description: |\n      Long text.\n\n      More.\n    maxSize: 5\nservices: {}\n',
    );
  });

  it('removes the first entry of a flow mapping', () => {
    const text = 'route: { retry: fast, method: POST }\n';
    const file = parseContract(URI, text);
    const route = nodeAtPath(file.root, ['route'])!;
    const edit = removeEntry(file, route.entry('retry')!, route.entries());
    assert.equal(applied(text, edit), 'route: { method: POST }\n');
  });

  it('removes a multi-line entry', () => {
    const text = 'route:\n  retry:\n    - a\n    - b\n  method: POST\n';
    const file = parseContract(URI, text);
    const route = nodeAtPath(file.root, ['route'])!;
    const edit = removeEntry(file, route.entry('retry')!, route.entries());
    assert.equal(applied(text, edit), 'route:\n  method: POST\n');
  });
});

describe('yaml entry rendering', () => {
  it('quotes names YAML would misread', () => {
    assert.deepEqual(renderBlock('on', { 'a: b': 'yes', plain: 'x y', count: 3 }, 2), [
      '  "on":',
      '    "a: b": "yes"',
      '    plain: x y',
      '    count: 3',
    ]);
  });
});
