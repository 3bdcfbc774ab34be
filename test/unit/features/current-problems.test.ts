import { strict as assert } from 'node:assert';
import { currentProblems, matchingProblem } from '../../../server/src/features/current-problems';
import { ContractWorkspace } from '../../../server/src/workspace/workspace';

const URI = 'file:///workspace/comm.yaml';
const TEXT = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders
    timout: 2s
`;
const TYPO = {
  range: { start: { line: 5, character: 4 }, end: { line: 5, character: 10 } },
  code: 'unknown-property',
  message: "Unknown property 'timout' in service 'orders'. Did you mean 'timeout'?",
};

describe('current problems of a file', () => {
  let workspace: ContractWorkspace;

  beforeEach(() => {
    workspace = new ContractWorkspace();
    workspace.openDocument(URI, 1, TEXT);
    workspace.analyze(URI);
  });

  function problemsNow() {
    return currentProblems(workspace, workspace.get(URI)!);
  }

  it('lists the analysed problems', () => {
    assert.deepEqual(
      problemsNow().map((problem) => problem.code),
      ['unknown-property'],
    );
  });

  it('lists none before reanalysis', () => {
    workspace.updateDocument(URI, 2, `${TEXT}# note\n`);
    assert.deepEqual(problemsNow(), []);
  });

  it('matches code, range and message', () => {
    const problem = matchingProblem(problemsNow(), workspace.get(URI)!, TYPO);
    assert.deepEqual(problem?.span, { start: 81, end: 87 });
  });

  it('matches no moved diagnostic', () => {
    workspace.updateDocument(URI, 2, TEXT.replace('    timout', '    # timout'));
    workspace.analyze(URI);
    assert.equal(matchingProblem(problemsNow(), workspace.get(URI)!, TYPO), undefined);
  });

  it('matches no other message', () => {
    const other = { ...TYPO, message: "Unknown property 'timout'." };
    assert.equal(matchingProblem(problemsNow(), workspace.get(URI)!, other), undefined);
  });

  it('reads any current contract', () => {
    const shared = 'file:///workspace/shared.comm.yaml';
    const includer = 'file:///workspace/other.comm.yaml';
    const root = 'switchboard: 1\nincludes: [shared.comm.yaml]\n';
    workspace.openDocument(shared, 1, TEXT);
    // Each root in turn has a newer text than its last analysis, while the other is current.
    for (const stale of [URI, includer]) {
      for (const uri of [URI, includer]) {
        workspace.updateDocument(uri, 1, root);
        workspace.analyze(uri);
      }
      workspace.updateDocument(stale, 2, `${root}# note\n`);
      const problems = currentProblems(workspace, workspace.get(shared)!);
      assert.deepEqual(
        problems.map((problem) => problem.code),
        ['unknown-property'],
      );
    }
  });
});
