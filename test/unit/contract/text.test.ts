import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { unchangedEnds } from '../../../server/src/contract/parse';
import { computeLineStarts, decodeFileText, LineIndex } from '../../../server/src/contract/text';

describe('LineIndex', () => {
  it('maps offsets to positions on LF text', () => {
    const index = new LineIndex('ab\ncd\n');
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
  });

  it('treats CRLF as one line break', () => {
    const index = new LineIndex('ab\r\ncd');
    assert.deepEqual(index.positionAt(5), { line: 1, character: 1 });
    assert.equal(index.offsetAt({ line: 1, character: 1 }), 5);
  });

  it('never points between CR and LF', () => {
    const index = new LineIndex('ab\r\ncd');
    assert.deepEqual(index.positionAt(3), { line: 0, character: 2 });
  });

  it('treats a lone CR as a line break', () => {
    assert.deepEqual(computeLineStarts('a\rb\nc'), [0, 2, 4]);
  });

  it('counts characters in UTF-16 code units', () => {
    // U+1F680 is two code units; é is one.
    const index = new LineIndex('é🚀x');
    assert.deepEqual(index.positionAt(3), { line: 0, character: 3 });
    assert.equal(index.offsetAt({ line: 0, character: 3 }), 3);
  });

  it('clamps positions past the end of a line', () => {
    const index = new LineIndex('ab\ncd');
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), 5);
  });
});

describe('decodeFileText', () => {
  it('drops a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: 1\n')]);
    assert.equal(decodeFileText(bytes), 'a: 1\n');
  });

  it('keeps text without a byte order mark', () => {
    assert.equal(decodeFileText(Buffer.from('a: 1\n')), 'a: 1\n');
  });

  it('reads UTF-16 little-endian', () => {
    const bytes = Buffer.from('\uFEFFname: café\n', 'utf16le');
    assert.equal(decodeFileText(bytes), 'name: café\n');
  });

  it('reads UTF-16 big-endian', () => {
    const bytes = Buffer.from('\uFEFFname: café\n', 'utf16le').swap16();
    assert.equal(decodeFileText(bytes), 'name: café\n');
  });

  it('drops an odd trailing byte of UTF-16', () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFa', 'utf16le').swap16(), Buffer.from([0])]);
    assert.equal(decodeFileText(bytes), 'a');
  });
});

describe('LineIndex after an edit', () => {
  const alphabet = ['a', ' ', '\n', '\r', '\r\n'];
  const text = fc
    .array(fc.constantFrom(...alphabet), { maxLength: 40 })
    .map((parts) => parts.join(''));

  it('matches a fresh index after random edits', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), text, (before, at, length, inserted) => {
        const start = at % (before.length + 1);
        const end = Math.min(before.length, start + (length % 5));
        const after = before.slice(0, start) + inserted + before.slice(end);
        const { prefix, suffix } = unchangedEnds(before, after);
        const { lines } = LineIndex.afterEdit(new LineIndex(before), after, prefix, suffix);
        assert.deepEqual([...lines.lineStarts], computeLineStarts(after));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits a CRLF that the edit separates', () => {
    const before = 'a\r\nb';
    const after = 'a\rx\nb';
    const { lines } = LineIndex.afterEdit(new LineIndex(before), after, 2, 2);
    assert.deepEqual([...lines.lineStarts], [0, 2, 4]);
  });

  it('reports the lines the edit changed', () => {
    const before = 'one\ntwo\nthree\nfour\n';
    const after = 'one\ntwo\nth\nree\nfour\n';
    const { change } = LineIndex.afterEdit(new LineIndex(before), after, 10, 9);
    assert.deepEqual(change, { from: 2, to: 4, oldTo: 3 });
  });
});
