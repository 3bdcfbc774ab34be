/** The contract that an import builds, section by section, and helpers shared by the importers. */
import type { JsonObject } from '../contract/model';
import type { DocumentSet, Located } from './documents';
import { NameSet } from './names';
import { appendPointer } from './pointer';

/** The sections of a contract, in the order a contract file lists them. */
export const SECTIONS = [
  'brokers',
  'services',
  'routes',
  'messages',
  'channels',
  'queues',
  'policies',
  'schemas',
  'flows',
] as const;

export type Section = (typeof SECTIONS)[number];

/** The messaging protocols a broker or channel of a contract may name. */
export const MESSAGING_PROTOCOLS = new Set([
  'in-process',
  'kafka',
  'kafka-secure',
  'amqp',
  'amqps',
  'mqtt',
  'secure-mqtt',
  'nats',
  'ws',
  'wss',
  'http',
  'https',
  'redis',
  'pulsar',
  'sns',
  'sqs',
  'jms',
  'ibmmq',
  'solace',
  'stomp',
  'stomps',
  'mercure',
  'googlepubsub',
  'anypointmq',
]);

export class Draft {
  readonly top: JsonObject = { switchboard: 1 };
  readonly sections = new Map<Section, Map<string, JsonObject>>();
  private readonly names = new Map<Section, NameSet>();

  constructor() {
    for (const section of SECTIONS) {
      this.sections.set(section, new Map());
      this.names.set(section, new NameSet());
    }
  }

  /** Adds a definition under a name that is unique in its section; returns the name. */
  add(section: Section, wanted: string, spec: JsonObject): string {
    const name = this.names.get(section)!.claim(wanted);
    this.sections.get(section)!.set(name, spec);
    return name;
  }

  get(section: Section, name: string): JsonObject | undefined {
    return this.sections.get(section)!.get(name);
  }

  /** The contract as a plain object, with empty sections left out. */
  toContract(): JsonObject {
    const contract: JsonObject = { ...this.top };
    for (const section of SECTIONS) {
      const entries = this.sections.get(section)!;
      if (entries.size > 0) contract[section] = Object.fromEntries(entries);
    }
    return contract;
  }
}

/** Returns the entries of an object at a place, each with its own place, following `$ref`s. */
export function entriesOf(set: DocumentSet, node: Located): Array<[string, Located]> {
  const parent = set.deref(node.at, node.value);
  const value = parent.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value).map((key) => [key, set.child(parent, key)]);
}

/** Returns the items of a list at a place, each with its own place, following `$ref`s. */
export function itemsOf(set: DocumentSet, node: Located): Located[] {
  const parent = set.deref(node.at, node.value);
  if (!Array.isArray(parent.value)) return [];
  return parent.value.map((_, index) => set.child(parent, index));
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets `key` on `target` when `value` is defined. */
export function put(target: JsonObject, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/**
 * Moves the properties of `source` that are not in `known` into `extension` of `target`, and notes
 * each, so that what has no contract equivalent is kept for export instead of dropped.
 */
export function keepRest(
  set: DocumentSet,
  node: Located,
  known: ReadonlySet<string>,
  target: JsonObject,
  extension: string,
  what: string,
): void {
  if (!isObject(node.value)) return;
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(node.value)) {
    if (known.has(key)) continue;
    if (key.startsWith('x-')) {
      if (key !== 'x-switchboard') target[key] = value;
      continue;
    }
    rest[key] = inlineRefs(set, set.child(node, key));
    set.notes.inform(
      { uri: node.at.uri, pointer: appendPointer(node.at.pointer, key) },
      `The ${what} property '${key}' has no contract equivalent; it is kept under ${extension}.`,
    );
  }
  if (Object.keys(rest).length > 0) target[extension] = rest;
}

/**
 * Returns a copy of the value at a place with every `$ref` replaced by what it points to, so that a
 * kept value still means the same in a document without the source's components. A reference that
 * leads back into itself stays a `$ref`.
 */
export function inlineRefs(
  set: DocumentSet,
  node: Located,
  inside: ReadonlySet<string> = new Set(),
): unknown {
  const target = set.deref(node.at, node.value);
  const key = `${target.at.uri}#${target.at.pointer}`;
  if (inside.has(key)) return node.value;
  const value = target.value;
  if (value === null || typeof value !== 'object') return value;
  const nested = new Set(inside).add(key);
  if (Array.isArray(value))
    return value.map((_, index) => inlineRefs(set, set.child(target, index), nested));
  const out: JsonObject = {};
  for (const name of Object.keys(value))
    out[name] = inlineRefs(set, set.child(target, name), nested);
  return out;
}

/** Notes each property of the object at a place that is not in `known` and not an extension. */
export function noteUnmapped(
  set: DocumentSet,
  node: Located,
  known: ReadonlySet<string>,
  what: string,
  why: string,
): void {
  if (!isObject(node.value)) return;
  for (const key of Object.keys(node.value)) {
    if (known.has(key) || key.startsWith('x-')) continue;
    set.notes.inform(
      { uri: node.at.uri, pointer: appendPointer(node.at.pointer, key) },
      `The ${what} property '${key}' is not imported: ${why}`,
    );
  }
}
