import { strict as assert } from 'node:assert';
import { expandSnippet, snippetsAt } from '../../../server/src/features/snippets';
import { analyzeText } from '../../support/analyze';

/** A contract that defines what the snippets' default texts name. */
const BASE = `switchboard: 1
brokers:
  broker: { protocol: amqp, url: amqp://mq:5672 }
services:
  service: { protocol: http, url: http://service:8080 }
`;

const SECTIONS = ['routes', 'messages', 'queues', 'policies', 'flows'];

describe('snippets', () => {
  for (const section of SECTIONS) {
    for (const snippet of snippetsAt([section], 2)) {
      it(`${snippet.label} expands to a valid entry`, () => {
        let text = `${BASE}${section}:\n  ${expandSnippet(snippet.body)}\n`;
        if (section !== 'routes')
          text += 'routes:\n  route: { method: GET, path: /r, service: service }\n';
        const errors = analyzeText(text).filter((found) => found.severity === 'error');
        assert.deepEqual(
          errors.map((found) => `${found.at} ${found.code}: ${found.message}`),
          [],
          text,
        );
      });
    }
  }

  it('indents lines after the first', () => {
    const [route] = snippetsAt(['routes'], 4);
    assert.match(route!.body, /^\$\{1:route-name\}:\n {6}method: /);
  });

  it('offers none outside a section', () => {
    assert.deepEqual(snippetsAt(['services', 'orders'], 4), []);
  });
});
