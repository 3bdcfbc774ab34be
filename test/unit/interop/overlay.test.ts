import { strict as assert } from 'node:assert';
import { applyOverlay, computeOverlay } from '../../../server/src/interop/overlay';

const ORIGINAL = {
  switchboard: 1,
  info: { title: 'Shop', version: '1.0.0', owner: 'team' },
  services: { orders: { protocol: 'http', url: 'http://orders.internal', retry: 'read-retry' } },
  policies: { 'read-retry': { kind: 'retry', attempts: 3 } },
  schemas: { Money: { type: 'object', properties: { next: { $ref: '#/schemas/Money' } } } },
};

const IMPORTED = {
  switchboard: 1,
  info: { title: 'Shop', version: '1.0.0' },
  services: {
    orders: { protocol: 'http', url: 'http://orders.internal', description: 'Invented.' },
    shop: { protocol: 'http', url: 'http://shop.invalid' },
  },
  schemas: { Money: { type: 'object' } },
};

describe('x-switchboard overlay', () => {
  it('restores the original contract', () => {
    const overlay = computeOverlay(ORIGINAL, IMPORTED);
    const contract = structuredClone(IMPORTED) as Record<string, unknown>;
    assert.deepEqual(applyOverlay(contract, overlay), []);
    assert.deepEqual(contract, ORIGINAL);
  });

  it('is undefined for equal contracts', () => {
    assert.equal(computeOverlay(ORIGINAL, structuredClone(ORIGINAL)), undefined);
  });

  it('writes component schema references', () => {
    const overlay = computeOverlay(ORIGINAL, IMPORTED) as { sections: { schemas: unknown } };
    assert.match(JSON.stringify(overlay.sections.schemas), /#\/components\/schemas\/Money/);
    assert.doesNotMatch(JSON.stringify(overlay.sections.schemas), /"#\/schemas\//);
  });

  it('defines definitions the import lacks', () => {
    const overlay = computeOverlay(ORIGINAL, IMPORTED) as {
      sections: Record<string, Record<string, unknown>>;
    };
    assert.deepEqual(overlay.sections['policies']!['read-retry'], {
      define: { kind: 'retry', attempts: 3 },
    });
  });

  it('removes definitions the import invents', () => {
    const overlay = computeOverlay(ORIGINAL, IMPORTED) as {
      sections: Record<string, Record<string, unknown>>;
    };
    assert.equal(overlay.sections['services']!['shop'], null);
  });

  it('ignores an unknown version', () => {
    const contract = structuredClone(IMPORTED) as Record<string, unknown>;
    const problems = applyOverlay(contract, { version: 2, top: { info: null } });
    assert.equal(problems.length, 1);
    assert.deepEqual(contract, IMPORTED);
  });

  it('reports an unknown section', () => {
    const contract = structuredClone(IMPORTED) as Record<string, unknown>;
    const problems = applyOverlay(contract, { version: 1, sections: { widgets: {} } });
    assert.match(problems[0] ?? '', /'widgets' is not a contract section/);
  });
});
