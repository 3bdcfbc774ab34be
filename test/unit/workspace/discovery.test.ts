import { strict as assert } from 'node:assert';
import { discoverContractFiles } from '../../../server/src/workspace/discovery';
import { TempWorkspace } from '../../support/workspace';

describe('contract file discovery', () => {
  let workspace: TempWorkspace;

  before(() => {
    workspace = new TempWorkspace({
      'comm.yaml': 'switchboard: 1\n',
      'teams/payments.comm.yaml': 'switchboard: 1\n',
      'teams/notes.yaml': 'title: not a contract\n',
      'node_modules/lib/comm.yaml': 'switchboard: 1\n',
      '.git/comm.yaml': 'switchboard: 1\n',
    });
  });

  after(() => {
    workspace.remove();
  });

  it('finds contracts below the folder', () => {
    assert.deepEqual(discoverContractFiles([workspace.folder]), [
      workspace.uriOf('comm.yaml'),
      workspace.uriOf('teams/payments.comm.yaml'),
    ]);
  });

  it('skips a folder that does not exist', () => {
    assert.deepEqual(discoverContractFiles([`${workspace.folder}/missing`]), []);
  });
});
