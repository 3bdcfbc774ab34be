import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Document, isCollection, parse, visit } from 'yaml';
import { formatText } from '../../../server/src/features/formatting';

const TRICKY: ReadonlyArray<[string, string]> = [
  ['comment after a key', 'services:    # all of them\n    orders:\n        protocol: http\n'],
  ['comment on an empty value', 'a: # nothing yet\n  b: 1\n'],
  ['several blank lines', 'a: 1\n\n\n\nb: 2\n'],
  ['anchors and merge keys', 'x: &x { a: 1 }\ny:\n    <<: *x\n    b: 2\n'],
  ['block scalars with indicators', 'a: |-\n    keep\n      this\nb: >+\n    folded\n\n'],
  ['quoted keys and values', '"a b": \'c\'\n\'d\': "e\\n"\n'],
  ['document start marker', '---\na: 1\n'],
  ['nested sequences', 'a:\n- - 1\n  - 2\n-   - 3\n'],
  ['empty flow collections', 'a: {}\nb: [ ]\n'],
  ['no final line break', 'a:\n    b: 1'],
  ['long plain scalar', `a: ${'word '.repeat(40).trim()}\n`],
  ['trailing comment at the end', 'a: 1\n# last\n'],
  ['folded scalar with an indentation indicator', 'a:\n    b: >2\n        two\n'],
  ['multi-line plain scalar', 'a: one\n    two\n'],
];

describe('formatting', () => {
  for (const [name, text] of TRICKY) {
    it(`is idempotent: ${name}`, () => {
      const once = formatText(text);
      assert.equal(typeof once, 'string', JSON.stringify(once));
      assert.equal(formatText(once as string), once);
    });
  }

  it('keeps a comment after a key', () => {
    const text = 'services:    # all of them\n    orders: # one\n        protocol: http\n';
    assert.equal(
      formatText(text),
      'services: # all of them\n  orders: # one\n    protocol: http\n',
    );
  });

  it('keeps numbers as written', () => {
    const text = 'a:\n    b: 0x1F\n    c: 007\n    d: +12\n    e: .5\n    f: 1e3\n    g: ~\n';
    assert.equal(
      formatText(text),
      'a:\n  b: 0x1F\n  c: 007\n  d: +12\n  e: .5\n  f: 1e3\n  g: ~\n',
    );
  });

  it('keeps folded scalar lines', () => {
    const text = 'a:\n    k: >\n        one\n        two\n    z: 1\n';
    assert.equal(formatText(text), 'a:\n  k: >\n    one\n    two\n  z: 1\n');
  });

  it('keeps a comment-only file', () => {
    assert.equal(formatText('# nothing yet\n'), '# nothing yet\n');
  });

  it('rejects a rewritten tagged scalar', () => {
    assert.deepEqual(formatText('a:  !!str 12\n'), {
      error: 'formatting would rewrite a scalar, such as a tagged value, so it was not applied.',
    });
  });

  it('rejects a file with syntax errors', () => {
    assert.deepEqual(formatText('a: [1, 2\nb: 3\n'), {
      error: 'the file has YAML syntax errors; fix them first.',
    });
  });

  it('rejects an alias without anchor', () => {
    assert.deepEqual(formatText('a:  *nowhere\n'), {
      error: 'Unresolved alias (the anchor must be set before the alias): nowhere; fix it first.',
    });
  });

  it('rejects a second document', () => {
    const result = formatText('a: 1\n---\nb: 2\n');
    assert.equal(typeof result, 'object');
  });

  it('keeps a file without a final line break', () => {
    assert.equal(formatText('a:\n    b: 1'), 'a:\n  b: 1');
  });
});

describe('formatting generated documents', () => {
  it('keeps data and stays idempotent', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        tie('list'),
        tie('map'),
      ),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
    }));
    const documents = fc.record({
      data: fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }),
      indent: fc.integer({ min: 2, max: 6 }),
      flowMask: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    });
    fc.assert(
      fc.property(documents, ({ data, indent, flowMask }) => {
        const text = writeYaml(data, indent, flowMask);
        const once = formatText(text);
        assert.equal(typeof once, 'string', `${JSON.stringify(once)} for\n${text}`);
        assert.deepEqual(parse(once as string), parse(text));
        assert.equal(formatText(once as string), once);
      }),
      { numRuns: 300 },
    );
  });
});

/** Writes data as YAML with the given indentation, in flow style where the mask says so. */
function writeYaml(data: unknown, indent: number, flowMask: boolean[]): string {
  const document = new Document(data);
  let count = 0;
  visit(document, (_, node) => {
    if (!isCollection(node) || node === document.contents) return;
    node.flow = flowMask[count++ % flowMask.length]!;
  });
  return document.toString({ indent, indentSeq: indent % 2 === 0 });
}
