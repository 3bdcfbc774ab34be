/**
 * Property tests against the real server over stdio: random edit sequences on valid contracts and
 * on random YAML. After each edit the server responds to a request with the text it holds. Every
 * published diagnostic lies inside the text of its version, and the last diagnostics equal those of
 * a fresh open of the same text. A failure prints the seed and the shrunk edit sequence; run with
 * SWITCHBOARD_FUZZ_SEED=SEED to replay it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  Diagnostic,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { stringify } from 'yaml';
import { DocumentTextRequest } from '../../server/src/protocol';
import { Edit, EditedDocument, editArbitrary, rangeOutside } from '../support/edits';
import { REPO_ROOT, TestClient } from '../support/lsp-client';

/** Edits per CI run, over both properties. */
const MIN_EDITS = 10_000;
const replay = process.env['SWITCHBOARD_FUZZ_SEED'];
const seed = replay === undefined ? {} : { seed: Number(replay) };

/**
 * Shrinking a failure replays edit sequences against the server, which can take minutes. Past this
 * limit fast-check stops and reports the smallest failing sequence found so far, with its seed.
 */
const LIMITS = { interruptAfterTimeLimit: 100_000, markInterruptAsFailure: true };

/** Valid contracts by file name, so that a counterexample names its file instead of printing it. */
const CONTRACTS = new Map(
  ['examples/shop/comm.yaml', 'examples/mistakes/comm.yaml'].map((file) => [
    file,
    fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'),
  ]),
);

/** Random YAML: nested data written in block and flow style, with anchors, aliases and merge keys. */
const yamlValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('kind', 'services', '<<', 'messages', 'retry')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

const randomYaml = fc.oneof(
  fc
    .tuple(yamlValue, fc.constantFrom<'block' | 'flow'>('block', 'flow'))
    .map(([value, style]) => stringify(value, { collectionStyle: style })),
  fc
    .tuple(yamlValue, yamlValue)
    .map(
      ([first, second]) =>
        `base: &a\n${indent(stringify(first))}\nuse:\n  <<: *a\n  more: ${JSON.stringify(second)}\nlist: [*a, *a]\n`,
    ),
  fc
    .tuple(yamlValue, fc.constantFrom(...CONTRACTS.values()))
    .map(([value, contract]) => `${contract}\nextra:\n${indent(stringify(value))}`),
);

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

describe('random edits over stdio', function () {
  this.timeout(300_000);
  let client: TestClient;
  let documents = 0;
  let edits = 0;

  /** Errors the server logged, such as a check that threw. */
  const loggedErrors: string[] = [];

  before(async () => {
    client = await TestClient.start({ initializationOptions: { diagnosticsDelay: 15 } });
    client.connection.onNotification(LogMessageNotification.type, ({ type, message }) => {
      if (type === MessageType.Error) loggedErrors.push(message);
    });
  });

  after(async () => {
    await client.stop();
  });

  /** Runs one edit sequence on one document and checks the three properties. */
  async function runSequence(initial: string, sequence: Edit[]): Promise<void> {
    const uri = `file:///fuzz/doc-${++documents}.comm.yaml`;
    const document = new EditedDocument(uri, initial);
    const published: PublishDiagnosticsParams[] = [];
    const start = client.published.length;
    const errorsBefore = loggedErrors.length;
    // Waits from the start: the last version's diagnostics may arrive before the last response.
    const final = client.diagnosticsForVersion(uri, 1 + sequence.length);
    client.open(uri, initial);
    // Requests are pipelined behind the edits, as an editor's are; each must see its version.
    const answers: Array<Promise<{ version: number; text: string } | null>> = [];
    for (const edit of sequence) {
      client.change(uri, document.version + 1, [document.apply(edit)]);
      edits++;
      answers.push(client.connection.sendRequest(DocumentTextRequest, { uri }));
    }
    (await Promise.all(answers)).forEach((held, index) => {
      assert.equal(held?.version, index + 2, 'the server answered with another version');
      assert.equal(
        held.text,
        document.texts.get(index + 2),
        `the server holds other text at version ${index + 2}`,
      );
    });
    const last = await final;
    for (const params of client.published.slice(start))
      if (params.uri === uri) published.push(params);
    client.close(uri);

    for (const params of published) {
      const text = document.texts.get(params.version ?? -1);
      assert.ok(text !== undefined, `diagnostics for unknown version ${params.version}`);
      const outside = rangeOutside(text, params.diagnostics);
      assert.equal(
        outside,
        undefined,
        `version ${params.version}: a range lies outside the document`,
      );
    }

    const freshUri = `file:///fuzz/doc-${++documents}.comm.yaml`;
    client.open(freshUri, document.text);
    const fresh = await client.diagnosticsForVersion(freshUri, 1);
    client.close(freshUri);
    assert.deepEqual(comparable(last.diagnostics, uri), comparable(fresh.diagnostics, freshUri));
    assert.deepEqual(loggedErrors.slice(errorsBefore), []);
  }

  it('keeps diagnostics sound while editing contracts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONTRACTS.keys()),
        fc.array(editArbitrary, { minLength: 50, maxLength: 100 }),
        (file, sequence) => runSequence(CONTRACTS.get(file)!, sequence),
      ),
      { numRuns: 110, ...LIMITS, ...seed },
    );
  });

  it('keeps diagnostics sound while editing random YAML', async () => {
    await fc.assert(
      fc.asyncProperty(
        randomYaml,
        fc.array(editArbitrary, { minLength: 30, maxLength: 60 }),
        runSequence,
      ),
      { numRuns: 150, ...LIMITS, ...seed },
    );
  });

  it('made at least ten thousand edits', () => {
    assert.ok(edits >= MIN_EDITS, `${edits} edits`);
  });
});

/** Diagnostics with the document's own URI replaced, so two documents' can be compared. */
function comparable(diagnostics: readonly Diagnostic[], uri: string): unknown {
  return JSON.parse(
    JSON.stringify(diagnostics).split(JSON.stringify(uri).slice(1, -1)).join('<document>'),
  );
}
