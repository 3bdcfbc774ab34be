import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CLI_BUNDLE, runCli } from '../support/cli';
import { REPO_ROOT } from '../support/lsp-client';

interface JsonProblem {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

describe('switchboard check', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-check-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function write(name: string, text: string | Buffer): string {
    const location = path.join(folder, name);
    fs.writeFileSync(location, text);
    return location;
  }

  it('passes the shop example', () => {
    const result = runCli(['check', 'examples/shop/comm.yaml']);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, '');
    assert.equal(result.status, 0);
  });

  it('fails the mistakes example', () => {
    const result = runCli(['check', 'examples/mistakes/comm.yaml', '--format', 'json']);
    assert.equal(result.status, 1);
    const problems = JSON.parse(result.stdout) as JsonProblem[];
    const codes = new Set(problems.map((problem) => problem.code));
    for (const code of ['unknown-reference', 'unknown-property', 'handler-count', 'inline-secret', 'route-conflict']) {
      assert.ok(codes.has(code), `expected ${code} among ${[...codes].join(', ')}`);
    }
  });

  it('prints JSON with LSP positions', () => {
    const file = write('comm.yaml', 'switchboard: 1\nmessages:\n  A:\n    kind: event\n    retires: 3\n');
    const result = runCli(['check', file, '--format', 'json']);
    assert.equal(result.status, 1);
    const problems = JSON.parse(result.stdout) as JsonProblem[];
    const unknown = problems.find((problem) => problem.code === 'unknown-property');
    assert.deepEqual(unknown, {
      file,
      range: { start: { line: 4, character: 4 }, end: { line: 4, character: 11 } },
      severity: 'error',
      code: 'unknown-property',
      message: "Unknown property 'retires' in message 'A'.",
    });
    assert.deepEqual(Object.keys(problems[0]!), ['file', 'range', 'severity', 'code', 'message']);
  });

  it('gives a file with a byte order mark the same positions', () => {
    const text = 'switchboard: 1\nmessages:\n  A:\n    kind: event\n    retires: 3\n';
    const plain = runCli(['check', write('plain.comm.yaml', text), '--format', 'json']);
    const bom = runCli([
      'check',
      write('bom.comm.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      '--format',
      'json',
    ]);
    const ranges = (output: string) => (JSON.parse(output) as JsonProblem[]).map((problem) => problem.range);
    assert.deepEqual(ranges(bom.stdout), ranges(plain.stdout));
  });

  it('writes a valid SARIF 2.1.0 log', () => {
    const result = runCli(['check', 'examples/mistakes/comm.yaml', '--format', 'sarif']);
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout) as { runs: Array<{ results: unknown[] }> };
    const schemaPath = path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as object;
    // The official schema has a pattern with a lone ']', which only non-unicode regular expressions accept.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(log.runs[0]!.results.length > 0);
  });

  it('prints stylish text with 1-based positions', () => {
    const file = write('comm.yaml', 'switchboard: 1\nmessages:\n  A:\n    kind: event\n    retires: 3\n');
    const result = runCli(['check', file], { cwd: folder });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^comm\.yaml\n/);
    assert.match(result.stdout, /  5:5 +error +Unknown property 'retires' in message 'A'\.  unknown-property\n/);
    assert.match(result.stdout, /2 problems \(1 error, 1 warning\)\n$/);
  });

  it('exits 0 when there are only warnings', () => {
    const file = write(
      'comm.yaml',
      'switchboard: 1\nservices:\n  a:\n    protocol: http\n    url: http://a:1\nmessages:\n  E:\n    kind: event\n    producer: a\n',
    );
    const result = runCli(['check', file]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /unconsumed-event/);
  });

  it('stops quietly when the reader closes', () => {
    // A thousand problems as JSON come to about 170 kB, more than a pipe buffers, so the tool is
    // still writing when `head` exits.
    const entries = Array.from({ length: 4000 }, (_, index) => `  s${index}: { protocl: http }`);
    const text = `switchboard: 1\nservices:\n${entries.join('\n')}\n`;
    const location = write('many.comm.yaml', text);
    const command = `"${process.execPath}" "${CLI_BUNDLE}" check "${location}" --format json`;
    const result = spawnSync('sh', ['-c', `${command} | head -c 100`], { encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.equal(result.stdout.length, 100);
  });

  it('explains an empty file', () => {
    const result = runCli(['check', write('comm.yaml', '# nothing yet\n')], { cwd: folder });
    assert.equal(result.status, 1);
    const message =
      "The file is empty or has only comments. A contract starts with 'switchboard: 1'.";
    assert.match(result.stdout, new RegExp(`  1:1 +error +${message.replace(/\./g, '\\.')}`));
  });

  it('reads a UTF-16 file', () => {
    const text = '\uFEFFswitchboard: 1\nservices:\n  orders: { protocol: http, url: http://o }\n';
    const result = runCli(['check', write('comm.yaml', Buffer.from(text, 'utf16le'))]);
    assert.equal(result.stdout, '');
    assert.equal(result.status, 0);
  });

  it('exits 2 for a missing file', () => {
    const result = runCli(['check', path.join(folder, 'missing.yaml')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Cannot read .*missing\.yaml: no such file\./);
  });

  it('exits 2 for a folder', () => {
    const result = runCli(['check', folder]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /it is not a file/);
  });

  it('exits 2 for an unknown format', () => {
    const result = runCli(['check', 'examples/shop/comm.yaml', '--format', 'xml']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown format 'xml'; use stylish, json, sarif\./);
  });

  it('exits 2 for an unknown option', () => {
    const result = runCli(['check', '--frmat', 'json', 'x']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /'--frmat'/);
    assert.match(result.stderr, /switchboard check --help/);
  });

  it('exits 2 without files', () => {
    const result = runCli(['check']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Name at least one contract file/);
  });

  it('exits 2 for an unknown command', () => {
    const result = runCli(['chek']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown command 'chek'/);
  });
});
