import { strict as assert } from 'node:assert';
import { parseContract } from '../../../server/src/contract/parse';

describe('recursive aliases', () => {
  it('reports a merge into itself', () => {
    const text = 'policies:\n  a: &base\n    kind: retry\n    <<: *base\n';
    const file = parseContract('file:///comm.yaml', text);
    assert.deepEqual(
      file.problems.map((problem) => [
        problem.code,
        text.slice(problem.span.start, problem.span.end),
      ]),
      [['recursive-alias', '*base']],
    );
    assert.equal(file.incomplete, true);
  });

  it('reports an alias to an ancestor', () => {
    const file = parseContract('file:///comm.yaml', 'x-a: &loop\n  b:\n    - *loop\n');
    assert.deepEqual(
      file.problems.map((problem) => problem.code),
      ['recursive-alias'],
    );
  });

  it('reports a merge of a scalar', () => {
    const text = 'x-a: &one 1\nx-b:\n  <<: *one\n';
    const file = parseContract('file:///comm.yaml', text);
    assert.deepEqual(
      file.problems.map((problem) => [
        problem.code,
        text.slice(problem.span.start, problem.span.end),
      ]),
      [['yaml-syntax', '*one']],
    );
  });

  it('accepts an alias to a sibling', () => {
    const file = parseContract('file:///comm.yaml', 'x-a: &one { b: 1 }\nx-c:\n  <<: *one\n');
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.data, { 'x-a': { b: 1 }, 'x-c': { b: 1 } });
  });
});
