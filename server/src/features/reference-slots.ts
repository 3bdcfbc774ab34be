/**
 * The places in a contract where a value names a definition, by path. Completion offers the names
 * that fit such a place; the model (contract/model.ts) collects the same places as references.
 */
import type { DefinitionKind } from '../contract/model';
import type { Path } from '../contract/tree';

export interface ReferenceSlot {
  kind: DefinitionKind;
  /** For messages and policies: the `kind` values that fit here; undefined when any does. */
  expects?: readonly string[];
  /** Words that the place takes besides names, such as `gateway` for a producer. */
  keywords?: readonly string[];
}

type Pattern = ReadonlyArray<string | '*' | '#'>;

const POLICY_SLOTS: ReadonlyArray<[string, ReferenceSlot]> = [
  ['retry', { kind: 'policy', expects: ['retry'] }],
  ['breaker', { kind: 'policy', expects: ['circuit-breaker'] }],
  ['bulkhead', { kind: 'policy', expects: ['bulkhead'] }],
  ['timeout', { kind: 'policy', expects: ['timeout'] }],
];

/** `*` matches any key, `#` any sequence index. */
const SLOTS: ReadonlyArray<[Pattern, ReferenceSlot]> = [
  ...POLICY_SLOTS.flatMap(([key, slot]): Array<[Pattern, ReferenceSlot]> => [
    [['services', '*', key], slot],
    [['services', '*', 'methods', '*', key], slot],
    [['routes', '*', key], slot],
  ]),
  [['routes', '*', 'service'], { kind: 'service' }],
  [['routes', '*', 'auth'], { kind: 'authScheme', keywords: ['none'] }],
  [['routes', '*', 'request'], { kind: 'message', expects: ['command', 'query'] }],
  [['routes', '*', 'response'], { kind: 'message', expects: ['response'] }],
  [['messages', '*', 'producer'], { kind: 'service', keywords: ['gateway'] }],
  [['messages', '*', 'handler'], { kind: 'service' }],
  [['messages', '*', 'handler', '#'], { kind: 'service' }],
  [['messages', '*', 'subscribers', '#'], { kind: 'service' }],
  [['messages', '*', 'channel'], { kind: 'channel' }],
  [['messages', '*', 'queue'], { kind: 'queue' }],
  [['messages', '*', 'reply'], { kind: 'message', expects: ['response'] }],
  [['messages', '*', 'payload'], { kind: 'schema' }],
  [['channels', '*', 'broker'], { kind: 'broker' }],
  [['queues', '*', 'broker'], { kind: 'broker' }],
  [['queues', '*', 'consumers', '#'], { kind: 'service' }],
  [['queues', '*', 'deadLetter'], { kind: 'queue' }],
  [['flows', '*', 'route'], { kind: 'route' }],
  [['flows', '*', 'message'], { kind: 'message' }],
  [['flows', '*', 'expect', '#', 'route'], { kind: 'route' }],
  [['flows', '*', 'expect', '#', 'message'], { kind: 'message' }],
  [['flows', '*', 'expect', '#', 'queue'], { kind: 'queue' }],
  [['flows', '*', 'expect', '#', 'service'], { kind: 'service' }],
];

/** A key in these mappings names a definition: a flow's faults are keyed by service. */
const KEY_SLOTS: ReadonlyArray<[Pattern, ReferenceSlot]> = [
  [['flows', '*', 'faults'], { kind: 'service' }],
];

function matches(pattern: Pattern, path: Path): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((part, index) => {
    const segment = path[index];
    if (part === '#') return typeof segment === 'number';
    if (part === '*') return typeof segment === 'string';
    return part === segment;
  });
}

/** The definition the value at `path` names, if the place holds a name. */
export function referenceSlot(path: Path): ReferenceSlot | undefined {
  return SLOTS.find(([pattern]) => matches(pattern, path))?.[1];
}

/** The definition that a key of the mapping at `path` names, if its keys are names. */
export function keyReferenceSlot(path: Path): ReferenceSlot | undefined {
  return KEY_SLOTS.find(([pattern]) => matches(pattern, path))?.[1];
}

/** Whether the value at `path` is a `$ref` inside a JSON Schema of the contract. */
export function isSchemaRef(path: Path): boolean {
  return (
    path[path.length - 1] === '$ref' &&
    (path[0] === 'schemas' || path[0] === 'messages' || path[0] === 'routes')
  );
}
