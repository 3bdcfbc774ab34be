import { strict as assert } from 'node:assert';
import { parsePageMessage } from '../../../client/src/panel/messages';
import { createNonce, panelHtml } from '../../../client/src/panel/html';

const FLOWS = ['checkout', 'browsing'];

describe('panel messages', () => {
  it('accepts well-formed messages', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }, FLOWS, 3), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'cancel' }, FLOWS, 3), { type: 'cancel' });
    assert.deepEqual(parsePageMessage({ type: 'run', flow: 'checkout', seed: 7 }, FLOWS, 3), {
      type: 'run',
      flow: 'checkout',
      seed: 7,
    });
    assert.deepEqual(parsePageMessage({ type: 'run', flow: 'browsing' }, FLOWS, 3), {
      type: 'run',
      flow: 'browsing',
      seed: undefined,
    });
    assert.deepEqual(parsePageMessage({ type: 'reveal', source: 2 }, FLOWS, 3), {
      type: 'reveal',
      source: 2,
    });
  });

  it('accepts a long flow name', () => {
    const long = 'f'.repeat(300);
    assert.deepEqual(parsePageMessage({ type: 'run', flow: long }, [long], 0), {
      type: 'run',
      flow: long,
      seed: undefined,
    });
  });

  it('rejects malformed messages', () => {
    const invalid: unknown[] = [
      null,
      'run',
      [],
      {},
      { type: 'launch' },
      { type: 'ready', extra: 1 },
      { type: 'run', flow: 'unknown' },
      { type: 'run', flow: 'x'.repeat(300) },
      { type: 'run', flow: 'checkout', seed: -1 },
      { type: 'run', flow: 'checkout', seed: 1.5 },
      { type: 'run', flow: 'checkout', seed: '7' },
      { type: 'run', flow: 'checkout', seed: 2 ** 60 },
      { type: 'reveal', source: 3 },
      { type: 'reveal', source: -1 },
      { type: 'reveal', source: '0' },
      { type: 'reveal', source: 0, uri: 'file:///etc/passwd' },
    ];
    for (const value of invalid) {
      assert.equal(parsePageMessage(value, FLOWS, 3), undefined, JSON.stringify(value));
    }
  });
});

describe('panel html', () => {
  it('allows only the nonce script', () => {
    const html = panelHtml({
      cspSource: 'vscode-resource:',
      nonce: 'abc123',
      scriptUri: 'vscode-resource:/media/page.js',
      styleUri: 'vscode-resource:/media/page.css',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.equal(
      csp,
      "default-src 'none'; style-src vscode-resource:; script-src 'nonce-abc123'; img-src vscode-resource:; font-src vscode-resource:",
    );
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123" src="vscode-resource:\/media\/page.js"><\/script>/);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
  });

  it('escapes resource attributes', () => {
    const html = panelHtml({
      cspSource: 'x',
      nonce: 'n',
      scriptUri: '"><script>alert(1)</script>',
      styleUri: 's',
    });
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('creates a fresh nonce', () => {
    assert.notEqual(createNonce(), createNonce());
    assert.match(createNonce(), /^[A-Za-z0-9+/]{22}==$/);
  });
});
