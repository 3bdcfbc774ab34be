// Tests the comm.yaml TextMate grammar on top of the YAML grammar that VS Code ships.
//
// It needs two packages that are not dependencies of the project, and the YAML grammar files
// from a VS Code build (extensions/yaml/syntaxes, which contains yaml.tmLanguage.json and the
// yaml-1.x grammars it includes):
//
//   npm install --no-save vscode-textmate vscode-oniguruma
//   SWITCHBOARD_YAML_GRAMMARS=/path/to/vscode/extensions/yaml/syntaxes node --test syntaxes/
//
// Without them the tests are skipped, and say why.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const syntaxesDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(syntaxesDir);
const require = createRequire(import.meta.url);

function loadModule(name) {
  try {
    return require(name);
  } catch {
    return undefined;
  }
}

const textmate = loadModule('vscode-textmate');
const oniguruma = loadModule('vscode-oniguruma');
const yamlGrammarDir = process.env.SWITCHBOARD_YAML_GRAMMARS;

function skipReason() {
  if (textmate === undefined || oniguruma === undefined) {
    return 'vscode-textmate or vscode-oniguruma is not installed; run npm install --no-save vscode-textmate vscode-oniguruma';
  }
  if (yamlGrammarDir === undefined) {
    return "SWITCHBOARD_YAML_GRAMMARS is not set; set it to VS Code's extensions/yaml/syntaxes folder";
  }
  if (!existsSync(path.join(yamlGrammarDir, 'yaml.tmLanguage.json'))) {
    return `no yaml.tmLanguage.json in ${yamlGrammarDir}`;
  }
  return undefined;
}

/** Maps each grammar's scope name to its file: the YAML grammars, and this folder's grammar. */
function grammarFiles() {
  const files = { 'source.comm-yaml': path.join(syntaxesDir, 'comm-yaml.tmLanguage.json') };
  for (const name of readdirSync(yamlGrammarDir)) {
    if (!name.endsWith('.tmLanguage.json')) continue;
    const file = path.join(yamlGrammarDir, name);
    files[JSON.parse(readFileSync(file, 'utf8')).scopeName] = file;
  }
  return files;
}

async function loadGrammar() {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = grammarFiles();
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      return file === undefined ? null : textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
  });
  return registry.loadGrammar('source.comm-yaml');
}

/** Tokenizes a document and returns its tokens with their line, text and scopes. */
function tokenize(grammar, text) {
  const tokens = [];
  let state = textmate.INITIAL;
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

/** Checks whether a scope comes from this grammar's injections, not from the root scope or YAML. */
function isContractScope(scope) {
  return scope.endsWith('.comm-yaml') && scope !== 'source.comm-yaml';
}

function scopesOf(tokens, line, text) {
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

const reason = skipReason();

test('comm-yaml grammar scopes', { skip: reason }, async (t) => {
  const grammar = await loadGrammar();
  const tokens = tokenize(grammar, SAMPLE);

  const cases = [
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
  for (const [line, text, scope] of cases) {
    await t.test(`'${text}' on line ${line + 1}`, () => {
      assert.ok(scopesOf(tokens, line, text).includes(scope), `expected ${scope}`);
    });
  }

  await t.test('YAML scopes kept under contract scopes', () => {
    assert.ok(scopesOf(tokens, 2, 'services').includes('entity.name.tag.yaml'));
    assert.ok(scopesOf(tokens, 4, 'http').includes('string.unquoted.plain.out.yaml'));
  });

  await t.test('comments and block scalars unscoped', () => {
    for (const line of [1, 14]) {
      const scoped = tokens.filter(
        (token) => token.line === line && token.scopes.some(isContractScope),
      );
      assert.deepEqual(scoped, [], `line ${line + 1} has contract scopes`);
    }
  });

  await t.test('nested key named like a section', () => {
    assert.ok(!scopesOf(tokens, 23, 'routes').includes('keyword.other.section.comm-yaml'));
  });
});

test('comm-yaml grammar on the shop example', { skip: reason }, async () => {
  const grammar = await loadGrammar();
  const text = readFileSync(path.join(root, 'examples/shop/comm.yaml'), 'utf8');
  const tokens = tokenize(grammar, text);

  const sections = text
    .split('\n')
    .filter((line) => /^[a-z]+:/.test(line))
    .map((line) => line.split(':')[0]);
  const scopedSections = tokens.filter((token) =>
    token.scopes.includes('keyword.other.section.comm-yaml'),
  );
  assert.deepEqual(
    scopedSections.map((token) => token.text),
    sections,
  );

  const invalid = tokens.filter((token) =>
    token.scopes.some((scope) => scope.startsWith('invalid.')),
  );
  assert.deepEqual(invalid, [], 'the YAML grammar marks tokens invalid');
});
