import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LineTable, splitChunks } from '../../../server/src/contract/chunks';
import { unchangedEnds } from '../../../server/src/contract/parse';
import { LineIndex } from '../../../server/src/contract/text';

function freshChunks(text: string) {
  return splitChunks(new LineTable(text, new LineIndex(text)));
}

/** Splits `after` with the line table of `before`, as the server does after an edit. */
function chunksAfterEdit(before: string, after: string) {
  const lines = new LineIndex(before);
  const table = new LineTable(before, lines);
  // Reading the chunks of the earlier text fills in what the table learns lazily.
  splitChunks(table);
  const { prefix, suffix } = unchangedEnds(before, after);
  const edited = LineIndex.afterEdit(lines, after, prefix, suffix);
  return splitChunks(new LineTable(after, edited.lines, { table, change: edited.change }));
}

const CONTRACT = [
  'switchboard: 1\n',
  'services:\n',
  '  orders:\n',
  '    url: http://orders\n',
  '  # billing\n',
  '  billing:\n',
  '    url: http://billing\n',
  'messages:\n',
  '  Placed: {kind: event}\n',
];

describe('splitChunks', () => {
  it('gives each section entry a chunk', () => {
    const kinds = freshChunks(CONTRACT.join('')).map((chunk) => chunk.kind);
    assert.deepEqual(kinds, ['sections', 'header', 'entries', 'entries', 'header', 'entries']);
  });

  it('keeps a stray line in the entry above', () => {
    const text = CONTRACT.join('').replace('  # billing', '}\n  # billing');
    const chunks = freshChunks(text);
    assert.deepEqual(
      chunks.map((chunk) => chunk.kind),
      ['sections', 'header', 'entries', 'entries', 'header', 'entries'],
    );
    assert.equal(
      text.slice(chunks[2]!.start, chunks[2]!.end),
      '  orders:\n    url: http://orders\n}\n  # billing\n',
    );
  });

  it('keeps a section whole at a key indented less', () => {
    const text = CONTRACT.join('').replace('  billing:', ' billing:');
    const kinds = freshChunks(text).map((chunk) => chunk.kind);
    assert.deepEqual(kinds, ['sections', 'sections', 'header', 'entries']);
  });

  it('keeps a file with a document marker whole', () => {
    const text = CONTRACT.join('').replace('messages:', '---\nmessages:');
    const kinds = freshChunks(text).map((chunk) => chunk.kind);
    assert.deepEqual(kinds, ['document']);
  });

  it('matches a fresh split after random edits', () => {
    const line = fc.constantFrom(...CONTRACT, '\t- x\n', 'key: [\n', '  &a x\n', '  *a\n', '\r\n');
    const text = fc.array(line, { maxLength: 12 }).map((lines) => lines.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), line, (before, at, length, inserted) => {
        const start = at % (before.length + 1);
        const end = Math.min(before.length, start + (length % 30));
        const after = before.slice(0, start) + inserted + before.slice(end);
        assert.deepEqual(chunksAfterEdit(before, after), freshChunks(after));
      }),
      { numRuns: 2000 },
    );
  });
});
