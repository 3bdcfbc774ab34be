/**
 * The packaged extension in a real VS Code: a comm.yaml file of the examples opens as a
 * contract, is highlighted and reports a mistake while it is typed, and the language server
 * restarts from the Command Palette.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServer, optionsFromEnvironment, startCodeServer } from './code-server';
import { Workbench } from './workbench';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(REPOSITORY, 'test-results', 'e2e');
const CONTRACT = 'shop/comm.yaml';
/** An unknown top-level key, one letter away from `services`. */
const MISTAKE_KEY = 'servces';

interface LanguageContribution {
  id: string;
  aliases?: string[];
}

/** Returns the name that VS Code shows for the comm-yaml language, its first alias in the manifest. */
function contractLanguageName(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8'));
  const languages: LanguageContribution[] = manifest.contributes?.languages ?? [];
  const language = languages.find((candidate) => candidate.id === 'comm-yaml');
  assert.ok(language, 'package.json contributes no language with the id comm-yaml');
  return language.aliases?.[0] ?? language.id;
}

/** Types an unknown key as a new first line of the open contract. */
async function typeMistake(page: Workbench): Promise<void> {
  await page.goToLine(1);
  await page.type(`${MISTAKE_KEY}: none\n`);
}

/**
 * Deletes the line that typeMistake() added, which restores the file. "File: Revert File" would
 * be the obvious way, but in code-server 4.100.3 it reverts nothing once the Problems panel has
 * had the focus.
 */
async function deleteMistake(page: Workbench): Promise<void> {
  await page.goToLine(1);
  await page.runCommand('Delete Line');
}

/**
 * Returns the line number, counted from 1, of the first line of the shop contract that equals
 * `text` after the line `after`, so the tests follow the example when it changes.
 */
function exampleLine(after: string, text: string): number {
  const lines = fs.readFileSync(path.join(REPOSITORY, 'examples', CONTRACT), 'utf8').split(/\r?\n/);
  const start = lines.indexOf(after);
  const index = lines.findIndex((line, at) => at > start && line === text);
  assert.ok(
    start >= 0 && index >= 0,
    `examples/${CONTRACT} has no line '${text}' after '${after}'`,
  );
  return index + 1;
}

describe('extension in VS Code', function () {
  let workspace: string;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    this.timeout(180_000);
    fs.rmSync(RESULTS, { recursive: true, force: true });
    // A copy, so that what the tests type never reaches the repository's examples.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-examples-'));
    fs.cpSync(path.join(REPOSITORY, 'examples'), workspace, { recursive: true });

    server = await startCodeServer(optionsFromEnvironment(RESULTS));
    workbench = await Workbench.open(server.url, workspace, RESULTS);
    await workbench.screenshot('workbench');
  });

  after(async function () {
    this.timeout(30_000);
    if (workbench !== undefined && workbench.blockedRequests.length > 0) {
      console.log(`Blocked requests to other hosts:\n  ${workbench.blockedRequests.join('\n  ')}`);
    }
    await workbench?.close();
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  function open(): Workbench {
    assert.ok(workbench, 'the workbench did not open');
    return workbench;
  }

  it('opens comm.yaml as a contract', async function () {
    const page = open();
    const expected = contractLanguageName();
    await page.quickOpen(CONTRACT);

    const language = await page.waitFor(`the status bar to show ${expected}`, async () => {
      const indicator = await page.statusBarLanguage();
      return indicator === expected ? indicator : undefined;
    });
    await page.screenshot('contract-language');
    assert.equal(language, expected);
  });

  it('highlights keys and comments', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);

    // TextMate tokenizes in the background, so the first rendering can still be plain text.
    const lines = await page.waitFor('the editor to colour the contract', async () => {
      const rendered = await page.renderedLines();
      const key = rendered.flat().find((token) => token.text === 'switchboard');
      return key !== undefined && key.colourClass !== 'mtk1' ? rendered : undefined;
    });
    await page.screenshot('highlighting');

    const versionLine = lines.find((tokens) => tokens[0]?.text === 'switchboard');
    assert.ok(versionLine, 'the editor shows no line that starts with the key switchboard');
    const key = versionLine[0];
    const value = versionLine.find((token) => token.text.trim() === '1');
    assert.ok(key);
    assert.ok(value, `the line 'switchboard: 1' renders as ${JSON.stringify(versionLine)}`);
    assert.notEqual(key.colourClass, value.colourClass, 'the key and its value have one colour');

    const comment = lines.find((tokens) => tokens[0]?.text.startsWith('#'));
    assert.ok(comment, 'the editor shows no comment line');
    assert.notEqual(comment[0]?.colourClass, 'mtk1', 'the comment is plain text');
    assert.notEqual(comment[0]?.colourClass, key.colourClass, 'the comment is coloured as a key');
  });

  it('reports a mistake while it is typed', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    await typeMistake(page);

    await page.waitFor('an error squiggle', async () => (await page.errorSquiggleCount()) > 0);
    const problems = await page.waitFor('the Problems panel to list the unknown key', async () => {
      const rows = await page.problems();
      return rows.some((row) => row.includes(MISTAKE_KEY)) ? rows : undefined;
    });
    await page.screenshot('mistake-reported');
    const entry = problems.find((row) => row.includes(MISTAKE_KEY));
    assert.ok(entry);
    assert.match(entry, /\[Ln 1, Col 1\]/, `the entry points elsewhere: ${entry}`);

    await deleteMistake(page);
    await page.waitFor('the problem to go once the mistake is deleted', async () => {
      const rows = await page.problems();
      return !rows.some((row) => row.includes(MISTAKE_KEY));
    });
    await page.screenshot('mistake-deleted');
  });

  it('accepts a completion', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    const line = exampleLine('routes:', '    service: orders');
    await page.goToPosition(line, '    service:'.length + 1);
    await page.page.keyboard.press('Shift+End');
    // The space is a trigger character of the server's completion.
    await page.type(' ');

    const labels = await page.suggestions();
    await page.screenshot('completion');
    assert.ok(labels.includes('orders'), `the suggestions are ${labels.join(', ')}`);
    assert.ok(labels.includes('payments'), `the suggestions are ${labels.join(', ')}`);
    await page.acceptSuggestion('orders');
    const text = await page.waitFor('the completion to reach the line', async () => {
      const current = await page.lineText(line);
      return current?.trimEnd() === '    service: orders' ? current : undefined;
    });
    assert.equal(text.trimEnd(), '    service: orders');
  });

  it('reads a hover', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    const line = exampleLine('routes:', '    retry: read-retry');
    await page.goToPosition(line, '    retry: '.length + 2);

    const text = await page.hoverText();
    await page.screenshot('hover');
    assert.match(text, /retry policy/);
    assert.match(text, /read-retry/);
    assert.match(text, /\d+ attempts/);
    await page.page.keyboard.press('Escape');
  });

  it('applies a quick fix', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    const line = exampleLine('routes:', '    service: orders');
    await page.goToPosition(line, '    service: '.length + 1);
    await page.page.keyboard.press('Shift+End');
    await page.type('ordrs');
    await page.waitFor('an error squiggle on the misspelt service', async () => {
      return (await page.errorSquiggleCount()) > 0;
    });

    await page.goToPosition(line, '    service: '.length + 2);
    const title = await page.applyQuickFix(/orders/);
    assert.equal(title, "Change to 'orders'");
    await page.waitFor('the fix to restore the service name', async () => {
      return (await page.lineText(line))?.trimEnd() === '    service: orders';
    });
    await page.waitFor('the squiggle to go once the fix is applied', async () => {
      return (await page.errorSquiggleCount()) === 0;
    });
    await page.screenshot('quick-fix-applied');
  });

  it('simulates a flow in the panel', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    await page.runCommand('Switchboard: Simulate Flow');

    const panel = page.webview();
    await panel.locator('#flow').waitFor({ timeout: 30_000 });
    await panel.locator('#flow').selectOption('checkout-rush');
    await panel.locator('#run').click();
    const diagram = panel.locator('#sequence svg');
    await diagram.waitFor({ timeout: 60_000 });
    await page.waitFor('the metrics table to fill', async () => {
      return (await panel.locator('#metrics tr').count()) > 1;
    });
    await page.waitFor('the diagram to show messages', async () => {
      return (await diagram.locator('[aria-label*=" to "]').count()) > 0;
    });
    await page.screenshot('flow-simulated');
    const lifelines = await diagram
      .locator('.lifeline-name')
      .evaluateAll((names) => names.map((name) => name.textContent ?? ''));
    assert.ok(lifelines.includes('orders'), `the lifelines are ${lifelines.join(', ')}`);
    const expectations = await panel.locator('#expectations').innerText();
    assert.match(expectations, /pass/i);
    const status = (await panel.locator('#status').textContent()) ?? '';
    assert.match(
      status,
      /^Flow checkout-rush, seed 314159: completed, .* all \d+ expectations passed\.$/,
    );
    // The panel opened a second editor group, where Quick Open would find a second active tab.
    await page.runCommand('View: Close All Editor Groups');
  });

  it('restarts the server from the palette', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    await page.runCommand('Switchboard: Restart Server');
    await page.runCommand('Switchboard: Show Output');

    // The log keeps the lines of activation, so the restart's lines must come after its request.
    const restarted = /Restarting the language server\.[\s\S]*The language server is running\./;
    await page.waitFor('the Switchboard log to show the restart', async () =>
      restarted.test(await page.outputText()),
    );
    await page.screenshot('server-restarted');

    // The new server process checks the contract as the first one did.
    await page.focusEditor();
    await typeMistake(page);
    await page.waitFor('an error squiggle from the restarted server', async () => {
      return (await page.errorSquiggleCount()) > 0;
    });
    await page.screenshot('restarted-server-reports');
    await deleteMistake(page);
    await page.waitFor('the squiggle to go once the mistake is deleted', async () => {
      return (await page.errorSquiggleCount()) === 0;
    });
  });

  it('generates the client from the palette', async function () {
    const page = open();
    await page.quickOpen(CONTRACT);
    await page.runCommand('Switchboard: Generate TypeScript Client');

    // The output folder setting defaults to generated/switchboard in the workspace folder.
    const index = path.join(workspace, 'generated', 'switchboard', 'index.ts');
    await page.waitFor('the generated index to open', async () => {
      const tab = await page.page.locator('.tab.active').first().innerText();
      return fs.existsSync(index) && tab.includes('index.ts');
    });
    await page.screenshot('client-generated');

    // A changed file is kept until the user confirms in the dialog.
    const types = path.join(workspace, 'generated', 'switchboard', 'types.ts');
    fs.appendFileSync(types, '// my change\n');
    await page.page.locator('.tabs-container .tab', { hasText: 'comm.yaml' }).click();
    await page.waitFor('the contract tab to be active', async () =>
      (await page.page.locator('.tab.active').first().innerText()).includes('comm.yaml'),
    );
    await page.runCommand('Switchboard: Generate TypeScript Client');
    const dialog = page.page.locator('.monaco-dialog-box');
    await page.waitFor('the dialog about changed files', async () => dialog.isVisible());
    assert.match(await dialog.innerText(), /types\.ts/);
    await page.screenshot('confirm-overwrite');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok(fs.readFileSync(types, 'utf8').endsWith('// my change\n'));
    const clients = fs.readdirSync(path.join(workspace, 'generated', 'switchboard', 'clients'));
    assert.ok(clients.length > 0, 'the clients folder is empty');
    await page.runCommand('View: Close All Editors');
  });
});
