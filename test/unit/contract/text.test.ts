import { strict as assert } from 'node:assert';
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
});
