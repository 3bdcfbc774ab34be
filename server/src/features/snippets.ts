/**
 * Snippets for new definitions, in LSP snippet syntax. Each body is written for column 0 and is
 * indented here for the column the definition's name starts at; the first line needs none, since
 * it replaces text at that column.
 */
import type { Path } from '../contract/tree';

export interface Snippet {
  label: string;
  detail: string;
  body: string;
}

interface SnippetTemplate {
  section: string;
  label: string;
  detail: string;
  lines: string[];
}

const TEMPLATES: readonly SnippetTemplate[] = [
  {
    section: 'routes',
    label: 'new route',
    detail: 'A gateway route to a service',
    lines: [
      '${1:route-name}:',
      '  method: ${2|GET,POST,PUT,PATCH,DELETE|}',
      '  path: ${3:/items/{itemId\\}}',
      '  service: ${4:service}',
      '  servicePath: ${5:/v1/items/{itemId\\}}',
      '  timeout: ${6:2s}',
    ],
  },
  {
    section: 'messages',
    label: 'new command',
    detail: 'A command with one handler',
    lines: [
      '${1:CommandName}:',
      '  kind: command',
      '  producer: ${2:service}',
      '  handler: ${3:service}',
      '  payload:',
      '    type: object',
      '    required: [${4:id}]',
      '    properties:',
      '      ${4:id}: { type: string }',
    ],
  },
  {
    section: 'messages',
    label: 'new event',
    detail: 'An event broadcast to its subscribers',
    lines: [
      '${1:EventName}:',
      '  kind: event',
      '  producer: ${2:service}',
      '  subscribers: [${3:service}]',
      '  payload:',
      '    type: object',
      '    required: [${4:id}]',
      '    properties:',
      '      ${4:id}: { type: string }',
    ],
  },
  {
    section: 'queues',
    label: 'new queue',
    detail: 'A queue with a dead-letter queue',
    lines: [
      '${1:queue-name}:',
      '  broker: ${2:broker}',
      '  maxSize: ${3:10000}',
      '  whenFull: ${4|reject,backpressure|}',
      '  consumers: [${5:service}]',
      '  maxDeliveries: ${6:3}',
      '  deadLetter: ${1:queue-name}-dead',
      '${1:queue-name}-dead:',
      '  broker: ${2:broker}',
      '  maxSize: ${3:10000}',
    ],
  },
  {
    section: 'policies',
    label: 'new retry policy',
    detail: 'Exponential backoff with jitter',
    lines: [
      '${1:retry-name}:',
      '  kind: retry',
      '  attempts: ${2:3}',
      '  backoff: exponential',
      '  delay: ${3:100ms}',
      '  maxDelay: ${4:1s}',
      '  jitter: ${5|full,equal,decorrelated,none|}',
    ],
  },
  {
    section: 'policies',
    label: 'new circuit-breaker policy',
    detail: 'Opens after consecutive failures',
    lines: [
      '${1:breaker-name}:',
      '  kind: circuit-breaker',
      '  consecutiveFailures: ${2:5}',
      '  openDuration: ${3:30s}',
      '  halfOpenProbes: ${4:1}',
    ],
  },
  {
    section: 'policies',
    label: 'new timeout policy',
    detail: 'A time limit on a whole call',
    lines: ['${1:timeout-name}:', '  kind: timeout', '  duration: ${2:2s}'],
  },
  {
    section: 'policies',
    label: 'new bulkhead policy',
    detail: 'A concurrency limit with a queue',
    lines: [
      '${1:bulkhead-name}:',
      '  kind: bulkhead',
      '  maxConcurrent: ${2:10}',
      '  maxQueue: ${3:20}',
      '  queueTimeout: ${4:1s}',
    ],
  },
  {
    section: 'flows',
    label: 'new flow',
    detail: 'A simulation of load on a route',
    lines: [
      '${1:flow-name}:',
      '  route: ${2:route}',
      '  load:',
      '    rate: ${3:10/s}',
      '    duration: ${4:1m}',
      '  expect:',
      '    - { route: ${2:route}, metric: errorRate, max: ${5:1%} }',
    ],
  },
];

/** The snippets for new entries of the section at `path`, indented for `column`. */
export function snippetsAt(path: Path, column: number): Snippet[] {
  if (path.length !== 1) return [];
  const indent = ' '.repeat(column);
  return TEMPLATES.filter((template) => template.section === path[0]).map((template) => ({
    label: template.label,
    detail: template.detail,
    body: template.lines.map((line, index) => (index === 0 ? line : indent + line)).join('\n'),
  }));
}

/** Expands a snippet with each placeholder's default text, as an editor does when nothing is typed. */
export function expandSnippet(body: string): string {
  return body
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:[^}\\]|\\.)*)\}/g, (_, text: string) => text.replace(/\\(.)/g, '$1'));
}
