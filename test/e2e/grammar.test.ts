/**
 * The comm-yaml TextMate grammar, tokenized by the vscode-textmate and vscode-oniguruma modules of
 * the code-server install over VS Code's own YAML grammars, as the editor does.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

interface Grammar {
  tokenizeLine(
    line: string,
    state: unknown,
  ): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
}

/** VS Code's folder inside the code-server install that scripts/test-e2e.mjs names. */
function vscodeFolder(): string {
  const entry = process.env['SWITCHBOARD_CODE_SERVER'];
  if (entry === undefined) {
    throw new Error('SWITCHBOARD_CODE_SERVER is not set. Run the tests with `npm run test:e2e`.');
  }
  // entry is node_modules/code-server/out/node/entry.js.
  return path.resolve(path.dirname(entry), '..', '..', 'lib', 'vscode');
}

async function loadGrammar(): Promise<{ grammar: Grammar; initial: unknown }> {
  const vscode = vscodeFolder();
  const load = createRequire(path.join(vscode, 'package.json'));
  const textmate = load('vscode-textmate');
  const oniguruma = load('vscode-oniguruma');
  const wasm = fs.readFileSync(load.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

  const yamlSyntaxes = path.join(vscode, 'extensions', 'yaml', 'syntaxes');
  const files: Record<string, string> = {
    'source.comm-yaml': path.join(REPOSITORY, 'syntaxes', 'comm-yaml.tmLanguage.json'),
  };
  for (const name of fs.readdirSync(yamlSyntaxes)) {
    if (!name.endsWith('.tmLanguage.json')) continue;
    const file = path.join(yamlSyntaxes, name);
    files[JSON.parse(fs.readFileSync(file, 'utf8')).scopeName] = file;
  }
  assert.ok(files['source.yaml'], `VS Code's YAML grammar is missing from ${yamlSyntaxes}`);

  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = files[scopeName];
      return file === undefined
        ? null
        : textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = (await registry.loadGrammar('source.comm-yaml')) as Grammar | null;
  assert.ok(grammar, 'the comm-yaml grammar did not load');
  return { grammar, initial: textmate.INITIAL };
}

function tokenize(grammar: Grammar, initial: unknown, text: string): Token[] {
  const tokens: Token[] = [];
  let state = initial;
  text.split(/\r?\n/).forEach((line, lineIndex) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({
        line: lineIndex,
        text: line.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** Whether a scope comes from the contract grammar's injections, not its root scope or YAML. */
function isContractScope(scope: string): boolean {
  return scope.endsWith('.comm-yaml') && scope !== 'source.comm-yaml';
}

function scopesOf(tokens: Token[], line: number, text: string): string[] {
  const token = tokens.find((candidate) => candidate.line === line && candidate.text === text);
  assert.ok(token, `no token '${text}' on line ${line + 1}`);
  return token.scopes;
}

const SAMPLE = `switchboard: 1
# Retries after 5m, at 40/s, with kind: retry.
services:
  orders:
    protocol: http
    timeout: 800ms
    latency: { distribution: lognormal, median: 35ms, p99: 420ms }
routes:
  get-order:
    method: GET
    path: /orders/{orderId}
    servicePath: '/v1/orders/{orderId}'
    rateLimit: 30/min
    description: |
      Waits 5m for kind: retry and /orders/{id}.
messages:
  OrderPlaced:
    kind: event
    payload: { $ref: '#/schemas/Order' }
policies:
  read-retry:
    kind: circuit-breaker
    failureRate: 25%
    routes: 2s
`;

const CASES: ReadonlyArray<[number, string, string]> = [
  [0, 'switchboard', 'keyword.other.section.comm-yaml'],
  [2, 'services', 'keyword.other.section.comm-yaml'],
  [4, 'http', 'support.constant.protocol.comm-yaml'],
  [5, '800', 'constant.numeric.duration.comm-yaml'],
  [5, 'ms', 'keyword.other.unit.comm-yaml'],
  [6, 'lognormal', 'support.constant.distribution.comm-yaml'],
  [6, '35', 'constant.numeric.duration.comm-yaml'],
  [9, 'GET', 'keyword.other.http-method.comm-yaml'],
  [10, 'orderId', 'variable.parameter.path.comm-yaml'],
  [11, 'orderId', 'variable.parameter.path.comm-yaml'],
  [12, '30', 'constant.numeric.rate.comm-yaml'],
  [17, 'event', 'support.constant.message-kind.comm-yaml'],
  [18, 'Order', 'entity.name.type.schema.comm-yaml'],
  [21, 'circuit-breaker', 'support.constant.policy-kind.comm-yaml'],
  [22, '%', 'keyword.other.unit.comm-yaml'],
];

describe('comm-yaml grammar', function () {
  let grammar: Grammar;
  let initial: unknown;
  let tokens: Token[];

  before(async function () {
    ({ grammar, initial } = await loadGrammar());
    tokens = tokenize(grammar, initial, SAMPLE);
  });

  for (const [line, text, scope] of CASES) {
    it(`scopes '${text}' on line ${line + 1}`, function () {
      assert.ok(scopesOf(tokens, line, text).includes(scope), `expected ${scope}`);
    });
  }

  it('keeps YAML scopes underneath', function () {
    assert.ok(scopesOf(tokens, 2, 'services').includes('entity.name.tag.yaml'));
    assert.ok(scopesOf(tokens, 4, 'http').includes('string.unquoted.plain.out.yaml'));
  });

  it('leaves comments and block scalars', function () {
    for (const line of [1, 14]) {
      const scoped = tokens.filter(
        (token) => token.line === line && token.scopes.some(isContractScope),
      );
      assert.deepEqual(scoped, [], `line ${line + 1} has contract scopes`);
    }
  });

  it('ignores a nested key named like a section', function () {
    assert.ok(!scopesOf(tokens, 23, 'routes').includes('keyword.other.section.comm-yaml'));
  });

  it('scopes every section of the shop example', function () {
    const text = fs.readFileSync(path.join(REPOSITORY, 'examples', 'shop', 'comm.yaml'), 'utf8');
    const shopTokens = tokenize(grammar, initial, text);
    const sections = text
      .split('\n')
      .filter((line) => /^[a-z]+:/.test(line))
      .map((line) => line.split(':')[0]);
    const scoped = shopTokens.filter((token) =>
      token.scopes.includes('keyword.other.section.comm-yaml'),
    );
    assert.deepEqual(
      scoped.map((token) => token.text),
      sections,
    );
    const invalid = shopTokens.filter((token) =>
      token.scopes.some((scope) => scope.startsWith('invalid.')),
    );
    assert.deepEqual(invalid, [], 'the YAML grammar marks tokens invalid');
  });
});
