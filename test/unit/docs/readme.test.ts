/**
 * The README's Neovim configuration is the one the Neovim protocol test runs, so a user who copies
 * it gets a configuration that was tested.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..', '..');

function codeBlocks(markdown: string, language: string): string[] {
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm');
  return [...markdown.matchAll(fence)].map((match) => match[1]!);
}

/** Drops the leading comment lines, which the fixture has and the README replaces with prose. */
function withoutLeadingComments(lua: string): string {
  const lines = lua.split('\n');
  while (lines[0]?.startsWith('--')) lines.shift();
  return lines.join('\n');
}

describe('README', function () {
  const readme = fs.readFileSync(path.join(REPOSITORY, 'README.md'), 'utf8');

  it('shows the tested Neovim configuration', function () {
    const fixture = fs.readFileSync(
      path.join(REPOSITORY, 'test', 'fixtures', 'neovim', 'switchboard.lua'),
      'utf8',
    );
    const blocks = codeBlocks(readme, 'lua');
    assert.equal(blocks.length, 1, 'the README should have one Lua block');
    assert.equal(blocks[0], withoutLeadingComments(fixture));
  });

  it('lists the two set-up commands', function () {
    const shell = codeBlocks(readme, 'sh').map((block) => block.trim());
    assert.deepEqual(shell, ['npm install && npm start', 'npm test']);
  });
});
