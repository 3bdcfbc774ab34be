/**
 * After each edit the server reparses only the chunks the edit touched and reuses the model built
 * for the rest; these tests check that what it reports is what a fresh analysis of the same text
 * reports.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyEdit, Edit, generateContract, planEdits } from '../../../bench/contract-generator';
import { analyzeContract } from '../../../server/src/contract/analysis';
import { ChunkCache, parseContract } from '../../../server/src/contract/parse';
import type { Problem } from '../../../server/src/contract/problem';
import { RuleMemory } from '../../../server/src/rules/memory';
import { FRAGMENTS as STRUCTURE_FRAGMENTS } from '../../support/edits';

const URI = 'file:///workspace/comm.yaml';
const NO_FILES = { get: () => undefined };
const SHOP = fs.readFileSync(
  path.resolve(__dirname, '../../../../examples/shop/comm.yaml'),
  'utf8',
);
/** A contract whose findings mostly depend on other definitions. */
const DEPENDENT = fs.readFileSync(
  path.resolve(__dirname, '../../../../test/fixtures/incremental/comm.yaml'),
  'utf8',
);

/**
 * An editing session: one chunk cache and one rule memory across all versions, as the server keeps
 * for an open file.
 */
class Session {
  private readonly cache = new ChunkCache();
  private readonly memory = new RuleMemory();

  constructor(public text: string) {
    this.analyze();
  }

  apply(edit: Edit): void {
    this.text = applyEdit(this.text, edit);
  }

  analyze(): { problems: Problem[]; data: unknown } {
    const file = parseContract(URI, this.text, this.cache);
    return {
      problems: analyzeContract(file, NO_FILES, undefined, this.memory).problems,
      data: file.data,
    };
  }
}

function fresh(text: string): { problems: Problem[]; data: unknown } {
  const file = parseContract(URI, text);
  return { problems: analyzeContract(file, NO_FILES).problems, data: file.data };
}

function assertSameAsFresh(session: Session, step: string): void {
  const incremental = session.analyze();
  const expected = fresh(session.text);
  assert.deepEqual(incremental.problems, expected.problems, `problems after ${step}`);
  assert.deepEqual(incremental.data, expected.data, `data after ${step}`);
}

/** Small edits that change structure, and a few of this test's own. */
const FRAGMENTS = [...STRUCTURE_FRAGMENTS, 'x', '-', 'kind: event\n'];

function randomEdit(text: string, at: number, deleted: number, inserted: string): Edit {
  const offset = Math.floor(at * text.length);
  return {
    what: 'random',
    offset,
    deleted: Math.min(deleted, text.length - offset),
    inserted,
    leavesError: false,
  };
}

const editArbitrary = fc.tuple(
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  fc.integer({ min: 0, max: 12 }),
  fc.constantFrom(...FRAGMENTS),
);

describe('incremental analysis', () => {
  it('matches fresh analysis after planned edits', () => {
    const contract = generateContract(600);
    const session = new Session(contract.text);
    for (const plan of planEdits(contract, 30)) {
      const edit = plan(session.text);
      session.apply(edit);
      assertSameAsFresh(session, `'${edit.what}' at ${edit.offset}`);
    }
  });

  it('reports the planned mistakes and their fixes', () => {
    const contract = generateContract(600);
    const session = new Session(contract.text);
    for (const plan of planEdits(contract, 20)) {
      const edit = plan(session.text);
      session.apply(edit);
      const errors = session.analyze().problems.filter((problem) => problem.severity === 'error');
      assert.equal(errors.length > 0, edit.leavesError, `errors after '${edit.what}'`);
    }
  });

  /** Replaces the first `before` in the session's text with `after`. */
  function replace(session: Session, before: string, after: string): void {
    const offset = session.text.indexOf(before);
    assert.ok(offset >= 0, `the example contains ${before}`);
    session.apply({
      what: 'replace',
      offset,
      deleted: before.length,
      inserted: after,
      leavesError: false,
    });
  }

  it('checks again what looked up a renamed queue', () => {
    const session = new Session(SHOP);
    replace(session, '  payment-requests:\n', '  payment-requestz:\n');
    assertSameAsFresh(session, 'renaming a queue');
    const unknown = session
      .analyze()
      .problems.filter((problem) => problem.code === 'unknown-reference');
    assert.ok(unknown.length > 0, 'the messages on the renamed queue name an unknown queue');
    replace(session, '  payment-requestz:\n', '  payment-requests:\n');
    assertSameAsFresh(session, 'renaming it back');
  });

  it('checks again what read a changed setting', () => {
    const session = new Session(SHOP);
    replace(session, '  keyEnv: SHOP_PAYLOAD_KEY\n', '');
    assertSameAsFresh(session, 'removing the encryption key');
    const codes = session.analyze().problems.map((problem) => problem.code);
    assert.ok(codes.includes('encryption-without-key'), 'encrypted messages lack a key');
    replace(session, '  timeout: 10s\n\nbrokers:', '  timeout: 1s\n\nbrokers:');
    assertSameAsFresh(session, 'shortening the gateway timeout');
  });

  it('matches fresh analysis without each line', () => {
    const session = new Session(DEPENDENT);
    const lines = DEPENDENT.split(/(?<=\n)/);
    for (let index = 0; index < lines.length; index++) {
      const offset = lines.slice(0, index).join('').length;
      const line = lines[index]!;
      session.apply({
        what: 'delete',
        offset,
        deleted: line.length,
        inserted: '',
        leavesError: false,
      });
      assertSameAsFresh(session, `deleting line ${index + 1}: ${line.trim()}`);
      session.apply({ what: 'restore', offset, deleted: 0, inserted: line, leavesError: false });
      session.analyze();
    }
  });

  it('reparses entries an alias no longer joins', () => {
    const session = new Session(
      'switchboard: 1\nservices:\n  a: &svc\n    protocol: http\n  b:\n    protocol: grpc\n  c: *svc\n',
    );
    const alias = session.text.indexOf('*svc');
    session.apply({
      what: 'replace the alias',
      offset: alias,
      deleted: 4,
      inserted: '{protocol: grpc}',
      leavesError: false,
    });
    assertSameAsFresh(session, 'replacing the alias');
  });

  it('matches fresh analysis after random edits', () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 10 }), (edits) => {
        const session = new Session(generateContract(300).text);
        edits.forEach(([at, deleted, inserted], index) => {
          session.apply(randomEdit(session.text, at, deleted, inserted));
          assertSameAsFresh(session, `random edit ${index + 1}`);
        });
      }),
      { numRuns: 20 },
    );
  });

  it('matches fresh analysis of the example after random edits', () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 6 }), (edits) => {
        const session = new Session(SHOP);
        edits.forEach(([at, deleted, inserted], index) => {
          session.apply(randomEdit(session.text, at, deleted, inserted));
          assertSameAsFresh(session, `random edit ${index + 1}`);
        });
      }),
      { numRuns: 10 },
    );
  });
});
