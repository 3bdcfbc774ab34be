import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';

interface JsonProblem {
  file: string;
  code: string;
  message: string;
}

const SERVICE = 'switchboard: 1\nservices:\n  billing:\n    protocol: http\n    url: http://b\n';

describe('switchboard check includes', () => {
  let top: string;

  beforeEach(() => {
    top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-includes-')));
  });

  afterEach(() => {
    fs.rmSync(top, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const location = path.join(top, name);
    fs.mkdirSync(path.dirname(location), { recursive: true });
    fs.writeFileSync(location, text);
    return location;
  }

  function checkJson(args: string[], cwd: string) {
    const result = runCli(['check', '--format', 'json', ...args], { cwd });
    const problems = JSON.parse(result.stdout || '[]') as JsonProblem[];
    return { status: result.status, stderr: result.stderr, problems };
  }

  describe('symbolic links', () => {
    beforeEach(() => {
      write('outside/env.txt', 'TOPSECRET_TOKEN=abc123\n');
      fs.mkdirSync(path.join(top, 'ws'));
      fs.symlinkSync('../outside/env.txt', path.join(top, 'ws/env.comm.yaml'));
      write('ws/comm.yaml', 'switchboard: 1\nincludes:\n  - ./env.comm.yaml\n');
    });

    it('rejects a link leading outside', () => {
      const result = runCli(['check', 'comm.yaml'], { cwd: path.join(top, 'ws') });
      assert.equal(result.status, 1);
      assert.equal(
        result.stdout,
        'comm.yaml\n' +
          `  3:5      error       The include './env.comm.yaml' leads through a symbolic link to ${top}/outside/env.txt, ` +
          `outside the folder ${top}/ws, so it was not read. Includes must stay inside that folder so ` +
          'that a contract cannot read arbitrary files. Move the file into it.  include-outside-workspace\n' +
          '\n1 problem (1 error)\n',
      );
    });

    it('never prints the linked content', () => {
      const result = runCli(['check', 'comm.yaml'], { cwd: path.join(top, 'ws') });
      assert.ok(!result.stdout.includes('TOPSECRET'), result.stdout);
    });

    it('follows a link inside the folder', () => {
      write('ws/real/billing.comm.yaml', SERVICE);
      fs.symlinkSync('./real/billing.comm.yaml', path.join(top, 'ws/billing.comm.yaml'));
      write('ws/comm.yaml', 'switchboard: 1\nincludes: [./billing.comm.yaml]\n');
      const result = checkJson(['comm.yaml'], path.join(top, 'ws'));
      assert.deepEqual(result.problems, []);
      assert.equal(result.status, 0);
    });
  });

  describe('boundary', () => {
    beforeEach(() => {
      write('proj/shared/billing.comm.yaml', SERVICE);
      write('proj/team/comm.yaml', 'switchboard: 1\nincludes: [../shared/billing.comm.yaml]\n');
    });

    it('is the git work tree top', () => {
      fs.mkdirSync(path.join(top, 'proj/.git'));
      for (const cwd of [path.join(top, 'proj'), path.join(top, 'proj/team'), '/']) {
        const result = checkJson([path.join(top, 'proj/team/comm.yaml')], cwd);
        assert.deepEqual(result.problems, [], `from ${cwd}`);
      }
    });

    it('is the file folder outside git', () => {
      for (const cwd of [path.join(top, 'proj'), path.join(top, 'proj/team')]) {
        const result = checkJson([path.join(top, 'proj/team/comm.yaml')], cwd);
        assert.deepEqual(
          result.problems.map((problem) => problem.message),
          [
            "The include '../shared/billing.comm.yaml' points outside the folder " +
              `${top}/proj/team, and includes must stay inside it so that a contract cannot read ` +
              'arbitrary files. Move the file into that folder.',
          ],
          `from ${cwd}`,
        );
      }
    });

    it('ignores a working folder of /', () => {
      write('ws/up.comm.yaml', 'switchboard: 1\nincludes:\n  - ../../../../etc/hostname\n');
      const result = checkJson([path.join(top, 'ws/up.comm.yaml')], '/');
      assert.deepEqual(
        result.problems.map((problem) => problem.code),
        ['include-outside-workspace'],
      );
    });

    it('takes --root in place of the default', () => {
      const result = checkJson(['--root', 'proj', 'proj/team/comm.yaml'], top);
      assert.deepEqual(result.problems, []);
      assert.equal(result.status, 0);
    });

    // The contract has no flows, so simulate stops at --flow with status 2 once its includes resolve.
    const otherCommands: Array<[string, string[], number]> = [
      ['generate', ['--out', 'generated'], 0],
      ['simulate', ['--flow', 'none'], 2],
      ['export', ['--to', 'openapi', '--out', 'openapi.json'], 0],
    ];

    for (const [command, options, status] of otherCommands) {
      it(`applies --root to ${command}`, () => {
        const args = [command, 'proj/team/comm.yaml', ...options];
        const without = runCli(args, { cwd: top });
        const withRoot = runCli([...args, '--root', 'proj'], { cwd: top });
        assert.match(without.stderr, /points outside the folder/);
        assert.doesNotMatch(withRoot.stderr, /points outside the folder/);
        assert.equal(withRoot.status, status, withRoot.stderr);
      });
    }

    it('rejects --root without the file', () => {
      fs.mkdirSync(path.join(top, 'other'));
      const result = runCli(['check', '--root', 'other', 'proj/team/comm.yaml'], { cwd: top });
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        "The file 'proj/team/comm.yaml' is outside the --root folder 'other'. Name a folder that " +
          'contains it.\n' +
          "Run 'switchboard check --help' for usage.\n",
      );
    });

    it('rejects a missing --root', () => {
      const result = runCli(['check', '--root', 'nope', 'proj/team/comm.yaml'], { cwd: top });
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        "The --root folder 'nope' does not exist or is not a folder.\n" +
          "Run 'switchboard check --help' for usage.\n",
      );
    });
  });

  it('refuses to read a named pipe', () => {
    write('comm.yaml', 'switchboard: 1\nincludes: [./pipe.comm.yaml]\n');
    // Reading a named pipe waits for a writer, so a check that opened it would never finish.
    execFileSync('mkfifo', [path.join(top, 'pipe.comm.yaml')]);
    const result = checkJson(['comm.yaml'], top);
    assert.equal(result.status, 1);
    assert.deepEqual(
      result.problems.map((problem) => problem.message),
      [
        "The include './pipe.comm.yaml' is not a regular file (it may be a named pipe, socket or " +
          'device), so it was not read. Name a contract file instead.',
      ],
    );
  });

  it('reports a cycle in the named file', () => {
    write('comm.yaml', 'switchboard: 1\nincludes: [./b.comm.yaml]\n');
    write('b.comm.yaml', 'switchboard: 1\nincludes: [./comm.yaml]\n');
    const result = checkJson(['b.comm.yaml'], top);
    const inB = result.problems.filter((problem) => problem.file.endsWith('b.comm.yaml'));
    assert.deepEqual(
      inB.map((problem) => problem.message),
      [
        "The include './comm.yaml' forms a cycle: b.comm.yaml → comm.yaml → b.comm.yaml. " +
          'Remove one of the includes.',
      ],
    );
  });
});
