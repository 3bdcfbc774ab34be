import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeContract } from '../../../server/src/contract/analysis';
import { resolveIncludes } from '../../../server/src/contract/includes';
import type { ContractFile } from '../../../server/src/contract/parse';
import { DiskFiles } from '../../../server/src/cli/files';

/** Reads files from disk and records every URI it was asked for. */
class RecordingFiles extends DiskFiles {
  readonly requested: string[] = [];

  override get(uri: string): ContractFile | undefined {
    this.requested.push(uri);
    return super.get(uri);
  }
}

describe('include resolution on disk', () => {
  let top: string;
  let workspace: string;
  let files: RecordingFiles;

  beforeEach(() => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-includes-')));
    workspace = path.join(top, 'ws');
    fs.mkdirSync(workspace);
    fs.mkdirSync(path.join(top, 'outside'));
    fs.writeFileSync(path.join(top, 'outside/env.txt'), 'TOPSECRET_TOKEN=abc123\n');
    fs.writeFileSync(path.join(top, 'outside/secret.comm.yaml'), SECRET_CONTRACT);
    files = new RecordingFiles();
  });

  afterEach(() => {
    fs.rmSync(top, { recursive: true, force: true });
  });

  const SECRET_CONTRACT =
    'switchboard: 1\nservices:\n  secretsvc:\n    protocol: http\n    url: http://s\n';

  function write(name: string, text: string): string {
    const location = path.join(workspace, name);
    fs.mkdirSync(path.dirname(location), { recursive: true });
    fs.writeFileSync(location, text);
    return location;
  }

  function link(name: string, target: string): void {
    fs.symlinkSync(target, path.join(workspace, name));
  }

  function uriOf(location: string): string {
    return pathToFileURL(location).href;
  }

  /** Resolves the includes of a root that lists `entries`, inside the workspace folder. */
  function resolve(entries: string[], boundary = workspace) {
    const list = entries.map((entry) => `  - ${JSON.stringify(entry)}\n`).join('');
    const root = write('comm.yaml', `switchboard: 1\nincludes:\n${list}`);
    return resolveIncludes(files.get(uriOf(root))!, files, boundary);
  }

  function messages(entries: string[]): string[] {
    return resolve(entries).problems.map((problem) => problem.message);
  }

  it('follows a link inside the folder', () => {
    write('real/shared.comm.yaml', SECRET_CONTRACT);
    link('shared.comm.yaml', './real/shared.comm.yaml');
    const resolved = resolve(['./shared.comm.yaml']);
    assert.deepEqual(resolved.problems, []);
    assert.equal(resolved.files.length, 2);
  });

  it('rejects a file link leading outside', () => {
    link('env.comm.yaml', '../outside/env.txt');
    assert.deepEqual(messages(['./env.comm.yaml']), [
      `The include './env.comm.yaml' leads through a symbolic link to ${top}/outside/env.txt, ` +
        `outside the folder ${workspace}, so it was not read. Includes must stay inside that ` +
        'folder so that a contract cannot read arbitrary files. Move the file into it.',
    ]);
  });

  it('never reads a file behind an outside link', () => {
    link('env.comm.yaml', '../outside/env.txt');
    const resolved = resolve(['./env.comm.yaml']);
    assert.deepEqual(files.requested, [uriOf(path.join(workspace, 'comm.yaml'))]);
    assert.equal(resolved.files.length, 1);
  });

  it('rejects a folder link leading outside', () => {
    link('linked', '../outside');
    const resolved = resolve(['./linked/secret.comm.yaml']);
    assert.deepEqual(
      resolved.problems.map((problem) => problem.code),
      ['include-outside-workspace'],
    );
    assert.equal(resolved.files.length, 1);
  });

  it('rejects a dangling link leading outside', () => {
    link('later.comm.yaml', '../outside/later.comm.yaml');
    assert.deepEqual(messages(['./later.comm.yaml']), [
      `The include './later.comm.yaml' leads through a symbolic link to ${top}/outside/later.comm.yaml, ` +
        `outside the folder ${workspace}, so it was not read. Includes must stay inside that ` +
        'folder so that a contract cannot read arbitrary files. Move the file into it.',
    ]);
  });

  it('reports a loop of links', () => {
    link('a.comm.yaml', './b.comm.yaml');
    link('b.comm.yaml', './a.comm.yaml');
    assert.deepEqual(messages(['./a.comm.yaml']), [
      "The include './a.comm.yaml' cannot be read because its path is a loop of symbolic links.",
    ]);
  });

  it('accepts a boundary reached through a link', () => {
    write('shared.comm.yaml', SECRET_CONTRACT);
    const alias = path.join(top, 'alias');
    fs.symlinkSync(workspace, alias);
    const root = write('comm.yaml', 'switchboard: 1\nincludes: [./shared.comm.yaml]\n');
    const aliasRoot = uriOf(path.join(alias, path.basename(root)));
    const resolved = resolveIncludes(files.get(aliasRoot)!, files, alias);
    assert.deepEqual(resolved.problems, []);
    assert.equal(resolved.files.length, 2);
  });

  it('rejects a path leading outside', () => {
    assert.deepEqual(messages(['../outside/secret.comm.yaml']), [
      `The include '../outside/secret.comm.yaml' points outside the folder ${workspace}, and ` +
        'includes must stay inside it so that a contract cannot read arbitrary files. Move the ' +
        'file into that folder.',
    ]);
  });

  it('accepts a name starting with dots', () => {
    write('..dots.comm.yaml', SECRET_CONTRACT);
    const resolved = resolve(['./..dots.comm.yaml']);
    assert.deepEqual(resolved.problems, []);
    assert.equal(resolved.files.length, 2);
  });

  it('reports an empty include', () => {
    assert.deepEqual(messages(['']), [
      'The include path is empty. Write the path of a contract file relative to this file, ' +
        "such as './orders.comm.yaml'.",
    ]);
  });

  it('shows an empty include once', () => {
    const root = write('comm.yaml', 'switchboard: 1\nincludes: [""]\n');
    const analysis = analyzeContract(files.get(uriOf(root))!, files, workspace);
    assert.deepEqual(
      analysis.problems.map((problem) => problem.code),
      ['include-not-relative'],
    );
  });

  it('reports a folder include', () => {
    fs.mkdirSync(path.join(workspace, 'sub'));
    assert.deepEqual(messages(['./sub']), [
      "The include './sub' is a folder, not a file. Name a contract file in it, such as " +
        "'./sub/comm.yaml'.",
    ]);
  });

  it('reads a name with a colon', () => {
    write('team:orders.comm.yaml', SECRET_CONTRACT);
    const resolved = resolve(['team:orders.comm.yaml']);
    assert.deepEqual(resolved.problems, []);
    assert.equal(resolved.files.length, 2);
  });

  it('rejects URLs by scheme', () => {
    const entries = ['https://example.com/a.comm.yaml', 'file:a.comm.yaml', 'vendor://a'];
    const codes = resolve(entries).problems.map((problem) => problem.code);
    assert.deepEqual(codes, ['include-remote', 'include-remote', 'include-remote']);
  });

  it('reports a cycle in the root', () => {
    write('a.comm.yaml', 'switchboard: 1\nincludes: [./b.comm.yaml]\n');
    const b = write('b.comm.yaml', 'switchboard: 1\nincludes: [./a.comm.yaml]\n');
    const resolved = resolveIncludes(files.get(uriOf(b))!, files, workspace);
    const shown = resolved.problems.map((problem) => [path.basename(problem.uri), problem.message]);
    assert.deepEqual(shown, [
      [
        'b.comm.yaml',
        "The include './a.comm.yaml' forms a cycle: b.comm.yaml → a.comm.yaml → b.comm.yaml. " +
          'Remove one of the includes.',
      ],
      [
        'a.comm.yaml',
        "The include './b.comm.yaml' forms a cycle: a.comm.yaml → b.comm.yaml → a.comm.yaml. " +
          'Remove one of the includes.',
      ],
    ]);
  });

  it('reports a cycle below the root', () => {
    write('a.comm.yaml', 'switchboard: 1\nincludes: [./b.comm.yaml]\n');
    write('b.comm.yaml', 'switchboard: 1\nincludes: [./a.comm.yaml]\n');
    const problems = resolve(['./a.comm.yaml']).problems;
    const where = problems.map((problem) => path.basename(problem.uri));
    assert.deepEqual(where, ['a.comm.yaml', 'b.comm.yaml']);
  });

  it('quotes only a prefix of a string file', () => {
    const text = 'A'.repeat(30) + 'B'.repeat(30);
    const root = write('comm.yaml', text);
    const analysis = analyzeContract(files.get(uriOf(root))!, files, workspace);
    assert.deepEqual(
      analysis.problems.map((problem) => problem.message),
      [
        `The contract must be a mapping, but it is the string "${'A'.repeat(30)}${'B'.repeat(10)}…".`,
      ],
    );
  });
});
