import { strict as assert } from 'node:assert';
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
];

describe('formatting', () => {
  for (const [name, text] of TRICKY) {
    it(`is idempotent: ${name}`, () => {
      const once = formatText(text);
      assert.equal(typeof once, 'string', JSON.stringify(once));
      assert.equal(formatText(once as string), once);
    });
  }

  it('keeps every comment of tricky input', () => {
    const once = formatText(TRICKY[0]![1]) as string;
    assert.match(once, /# all of them/);
  });

  it('rejects a file with syntax errors', () => {
    assert.deepEqual(formatText('a: [1, 2\nb: 3\n'), {
      error: 'the file has YAML syntax errors; fix them first.',
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
