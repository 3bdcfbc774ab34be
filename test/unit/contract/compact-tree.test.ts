import { strict as assert } from 'node:assert';
import { parseChunk } from '../../../server/src/contract/parse';
import type { Span } from '../../../server/src/contract/text';
import { ChunkSyntaxNode, SyntaxNode } from '../../../server/src/contract/tree';

/** Chunk offsets start here, so a span that forgot the chunk's base shows up. */
const BASE = 100;

function rootOf(text: string): SyntaxNode {
  const tree = parseChunk('document', text).tree;
  assert.ok(tree, 'expected a tree');
  return new ChunkSyntaxNode(tree, BASE);
}

function textAt(text: string, span: Span | undefined): string | undefined {
  return span === undefined ? undefined : text.slice(span.start - BASE, span.end - BASE);
}

describe('compact syntax tree', () => {
  describe('aliases', () => {
    const text = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n';

    it('resolve to the closest preceding anchor', () => {
      assert.equal(rootOf(text).get('d')?.resolve()?.scalar, 2);
    });

    it('ignore an anchor defined later', () => {
      assert.equal(rootOf(text).get('b')?.resolve()?.scalar, 1);
    });

    it('resolve to the anchored node span', () => {
      const alias = rootOf(text).entry('d')?.value;
      assert.equal(alias?.kind, 'alias');
      assert.deepEqual(alias?.resolve()?.span, { start: BASE + 20, end: BASE + 21 });
    });

    it('stay unresolved before their anchor', () => {
      const root = rootOf('a: *later\nb: &later 1\n');
      assert.equal(root.entry('a')?.value?.resolve(), undefined);
    });

    it('reach into the aliased mapping', () => {
      const root = rootOf('a: &m\n  x: 1\nb: *m\n');
      assert.equal(root.get('b')?.get('x')?.scalar, 1);
    });

    it('resolve to an anchored key', () => {
      const root = rootOf('&k name: *k\n');
      assert.equal(root.get('name')?.resolve()?.scalar, 'name');
    });

    it('resolve inside their own anchor', () => {
      const text = 'a: &self\n  loop: *self\n';
      const loop = rootOf(text).get('a')?.entry('loop')?.value;
      assert.equal(textAt(text, loop?.resolve()?.span), 'loop: *self\n');
    });
  });

  describe('merge keys', () => {
    const single = 'base: &b\n  x: 1\n  y: 2\nm:\n  <<: *b\n  y: 3\n';
    const list = 'a: &a { x: 1 }\nb: &b { x: 2, z: 3 }\nm:\n  <<: [*a, *b]\n';

    it('lend keys to entry()', () => {
      assert.equal(rootOf(single).get('m')?.entry('x')?.value?.scalar, 1);
    });

    it('keep the merged key span', () => {
      const entry = rootOf(single).get('m')?.entry('x');
      assert.deepEqual(entry?.keySpan, { start: BASE + 11, end: BASE + 12 });
    });

    it('lose to an own key', () => {
      assert.equal(rootOf(single).get('m')?.entry('y')?.value?.scalar, 3);
    });

    it('stay out of entries()', () => {
      const keys = rootOf(single)
        .get('m')
        ?.entries()
        .map((entry) => entry.key);
      assert.deepEqual(keys, ['y']);
    });

    it('take the first source in a list', () => {
      assert.equal(rootOf(list).get('m')?.get('x')?.scalar, 1);
    });

    it('reach later sources in a list', () => {
      assert.equal(rootOf(list).get('m')?.get('z')?.scalar, 3);
    });

    it('merge an inline mapping', () => {
      assert.equal(rootOf('m:\n  <<: { q: 4 }\n').get('m')?.get('q')?.scalar, 4);
    });
  });

  describe('spans', () => {
    const text = 'name: value # note\nlist:\n  - a\n  - b\n';

    it('cover the key', () => {
      assert.deepEqual(rootOf(text).entry('name')?.keySpan, { start: BASE, end: BASE + 4 });
    });

    it('cover the value without comments', () => {
      assert.deepEqual(rootOf(text).get('name')?.span, { start: BASE + 6, end: BASE + 11 });
    });

    it('run from key to value end', () => {
      assert.deepEqual(rootOf(text).entry('name')?.span, { start: BASE, end: BASE + 11 });
    });

    it('cover a sequence item', () => {
      assert.equal(textAt(text, rootOf(text).get('list')?.get(1)?.span), 'b');
    });
  });

  describe('empty values', () => {
    it('sit empty after the colon', () => {
      const value = rootOf('key:\nnext: 1\n').get('key');
      assert.deepEqual(value?.span, { start: BASE + 4, end: BASE + 4 });
    });

    it('hold a null scalar', () => {
      const value = rootOf('key:\nnext: 1\n').get('key');
      assert.equal(value?.kind, 'scalar');
      assert.equal(value?.scalar, null);
    });

    it('leave an explicit key without value', () => {
      const entry = rootOf('? key\nnext: 1\n').entry('key');
      assert.ok(entry, 'expected an entry for key');
      assert.equal(entry.value, undefined);
    });

    it('leave an empty document without tree', () => {
      assert.equal(parseChunk('document', '# only a comment\n').tree, undefined);
    });
  });

  describe('flow collections', () => {
    const text = 'm: { a: 1, b: [x, "y z"] }\n';

    it('read a flow mapping', () => {
      assert.deepEqual(
        rootOf(text)
          .get('m')
          ?.entries()
          .map((entry) => entry.key),
        ['a', 'b'],
      );
    });

    it('read flow sequence items', () => {
      const items = rootOf(text).get('m')?.get('b')?.items();
      assert.deepEqual(
        items?.map((item) => item.scalar),
        ['x', 'y z'],
      );
    });

    it('span a quoted flow item', () => {
      assert.equal(textAt(text, rootOf(text).get('m')?.get('b')?.get(1)?.span), '"y z"');
    });

    it('span the flow mapping', () => {
      assert.equal(textAt(text, rootOf(text).get('m')?.span), '{ a: 1, b: [x, "y z"] }');
    });
  });
});
