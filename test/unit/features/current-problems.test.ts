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
      problemsNow()?.map((problem) => problem.code),
      ['unknown-property'],
    );
  });

  it('knows none before reanalysis', () => {
    workspace.updateDocument(URI, 2, `${TEXT}# note\n`);
    assert.equal(problemsNow(), undefined);
  });

  it('matches code, range and message', () => {
    const problem = matchingProblem(problemsNow()!, workspace.get(URI)!, TYPO);
    assert.deepEqual(problem?.span, { start: 81, end: 87 });
  });

  it('matches no moved diagnostic', () => {
    workspace.updateDocument(URI, 2, TEXT.replace('    timout', '    # timout'));
    workspace.analyze(URI);
    assert.equal(matchingProblem(problemsNow()!, workspace.get(URI)!, TYPO), undefined);
  });

  it('matches no other message', () => {
    const other = { ...TYPO, message: "Unknown property 'timout'." };
    assert.equal(matchingProblem(problemsNow()!, workspace.get(URI)!, other), undefined);
  });
});
