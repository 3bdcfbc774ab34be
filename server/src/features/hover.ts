/**
 * Hover: on a key, its description from the format's JSON Schema; on a definition's name or on a
 * reference to one, a summary of the definition. Policies are described in plain words, and a
 * route shows its whole resilience chain with its worst-case latency.
 */
import { Hover, MarkupKind } from 'vscode-languageserver/node';
import {
  Contract,
  Definition,
  DEFINITION_SECTIONS,
  KIND_NOUNS,
  lookup,
  Reference,
} from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Span } from '../contract/text';
import { locate, Path } from '../contract/tree';
import { describePolicy, PolicySpec, resolveCallTimeouts } from '../policy';
import { dataReader } from './contract-at';
import { keyReferenceSlot, referenceSlot } from './reference-slots';
import { routeChain } from './route-chain';
import { keyDescription } from './schema-lookup';

/** `getContract` builds the model on demand, since a key's description comes from the schema alone. */
export function hoverAt(
  file: ContractFile,
  getContract: () => Contract,
  offset: number,
): Hover | null {
  const location = locate(file.root, offset);
  const path = location.path;
  if (path.length === 0) return null;
  const span = location.key?.keySpan ?? location.node?.span;
  if (span === undefined) return null;
  // Between the entries of a mapping or sequence there is nothing to describe.
  if (
    location.key === undefined &&
    location.node?.kind !== 'scalar' &&
    location.node?.kind !== 'alias'
  )
    return null;

  if (!namesDefinition(path, location.key !== undefined)) return describe(file, path, span);
  const contract = getContract();
  const target =
    location.key === undefined
      ? referencedBy(contract, file, path)
      : definedOrNamedBy(contract, path);
  if (target !== undefined) {
    const reference = location.key === undefined ? referenceAt(contract, file, path) : undefined;
    return markdown(file, span, summarize(contract, target, reference));
  }
  return describe(file, path, span);
}

function describe(file: ContractFile, path: Path, span: Span): Hover | null {
  const description = describeKey(file, path);
  return description === undefined ? null : markdown(file, span, description);
}

/** Whether a key or value at `path` can define or name a definition, judged by its path alone. */
function namesDefinition(path: Path, onKey: boolean): boolean {
  const parent = path.slice(0, -1);
  if (onKey)
    return (
      DEFINITION_SECTIONS.some((section) => samePath(section.path, parent)) ||
      keyReferenceSlot(parent) !== undefined
    );
  return referenceSlot(path) !== undefined || path.includes('$ref') || path[0] === 'flows';
}

function markdown(file: ContractFile, span: Span, value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: file.lines.rangeOf(span) };
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

function referenceAt(contract: Contract, file: ContractFile, path: Path): Reference | undefined {
  return contract.references.find(
    (reference) =>
      reference.file.uri === file.uri && reference.at === 'value' && samePath(reference.path, path),
  );
}

function referencedBy(contract: Contract, file: ContractFile, path: Path): Definition | undefined {
  const reference = referenceAt(contract, file, path);
  return reference === undefined ? undefined : lookup(contract, reference.kind, reference.name);
}

/** The definition a key defines, such as `orders` under `services`, or names, as a fault's key. */
function definedOrNamedBy(contract: Contract, path: Path): Definition | undefined {
  const name = path[path.length - 1];
  if (typeof name !== 'string') return undefined;
  const parent = path.slice(0, -1);
  const section = DEFINITION_SECTIONS.find((candidate) => samePath(candidate.path, parent));
  if (section !== undefined) return lookup(contract, section.kind, name);
  const slot = keyReferenceSlot(parent);
  return slot === undefined ? undefined : lookup(contract, slot.kind, name);
}

function describeKey(file: ContractFile, path: Path): string | undefined {
  let keyPath = path;
  while (keyPath.length > 0 && typeof keyPath[keyPath.length - 1] === 'number')
    keyPath = keyPath.slice(0, -1);
  if (keyPath.length === 0) return undefined;
  const description = keyDescription(keyPath, dataReader(file));
  return description === undefined
    ? undefined
    : `\`${String(keyPath[keyPath.length - 1])}\`: ${description}`;
}

/** A Markdown summary of a definition; `reference` is the place that names it, if any. */
export function summarize(
  contract: Contract,
  definition: Definition,
  reference?: Reference,
): string {
  const lines = [`**${titleOf(definition)}** \`${definition.name}\``];
  const description = definition.spec['description'];
  if (typeof description === 'string') lines.push('', description.trim());
  const facts = factsOf(contract, definition, reference);
  if (facts.length > 0) lines.push('', ...facts);
  return lines.join('\n');
}

function titleOf(definition: Definition): string {
  const kind = definition.spec['kind'];
  if (definition.kind === 'message' && typeof kind === 'string') return kind;
  if (definition.kind === 'policy' && typeof kind === 'string') return `${kind} policy`;
  return KIND_NOUNS[definition.kind];
}

function factsOf(
  contract: Contract,
  definition: Definition,
  reference: Reference | undefined,
): string[] {
  switch (definition.kind) {
    case 'policy':
      return [policyFact(contract, definition, reference)];
    case 'route':
      return routeFacts(contract, definition);
    case 'service':
      return serviceFacts(definition);
    case 'message':
      return messageFacts(definition);
    case 'queue':
      return queueFacts(definition);
    case 'schema':
      return schemaFacts(definition);
    case 'channel':
    case 'broker':
      return listFacts(definition, ['protocol', 'address', 'url', 'broker']);
    case 'flow':
      return listFacts(definition, ['route', 'message']);
    case 'authScheme':
      return listFacts(definition, ['type', 'algorithm', 'issuer', 'audience']);
  }
}

function policyFact(
  contract: Contract,
  policy: Definition,
  reference: Reference | undefined,
): string {
  try {
    return capitalize(
      describePolicy(policy.spec as unknown as PolicySpec, retryTimeoutsAt(contract, reference)),
    );
  } catch (error) {
    return `Invalid policy: ${(error as Error).message}`;
  }
}

/**
 * The timeouts around a retry policy where a route or service names it, so that the worst case
 * counts them; none for a definition on its own.
 */
function retryTimeoutsAt(contract: Contract, reference: Reference | undefined) {
  const owner = reference?.from;
  if (owner === undefined || reference?.role !== 'retry policy') return {};
  const find = (name: string) => lookup(contract, 'policy', name)?.spec as PolicySpec | undefined;
  try {
    if (owner.kind === 'route') {
      return toOptions(resolveCallTimeouts(routeTimeouts(contract, owner), find));
    }
    const holder = reference.path.length > 3 ? methodSpec(owner, reference.path) : owner.spec;
    const timeout = holder?.['timeout'] ?? owner.spec['timeout'];
    return toOptions(
      resolveCallTimeouts(
        { serviceTimeout: typeof timeout === 'string' ? timeout : undefined },
        find,
      ),
    );
  } catch {
    return {};
  }
}

function toOptions(timeouts: { totalMs: number; attemptMs: number }) {
  const options: { attemptTimeoutMs?: number; totalTimeoutMs?: number } = {};
  if (timeouts.attemptMs !== Infinity) options.attemptTimeoutMs = timeouts.attemptMs;
  if (timeouts.totalMs !== Infinity) options.totalTimeoutMs = timeouts.totalMs;
  return options;
}

function methodSpec(service: Definition, path: Path): Record<string, unknown> | undefined {
  const methods = service.spec['methods'] as Record<string, unknown> | undefined;
  const method = methods?.[String(path[path.length - 2])];
  return method !== null && typeof method === 'object'
    ? (method as Record<string, unknown>)
    : undefined;
}

function routeTimeouts(contract: Contract, route: Definition) {
  const string = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const service = lookup(contract, 'service', String(route.spec['service']));
  const methods = service?.spec['methods'] as Record<string, Record<string, unknown>> | undefined;
  const method = typeof route.spec['rpc'] === 'string' ? methods?.[route.spec['rpc']] : undefined;
  const gateway = contract.files
    .map((file) => (file.data as Record<string, Record<string, unknown>> | null)?.['gateway'])
    .find((value) => value !== undefined);
  return {
    routeTimeout: string(route.spec['timeout']) ?? string(gateway?.['timeout']),
    methodTimeout: string(method?.['timeout']),
    serviceTimeout: string(service?.spec['timeout']),
  };
}

function routeFacts(contract: Contract, route: Definition): string[] {
  const { spec } = route;
  const target = [spec['service'], spec['rpc'] ?? spec['servicePath']].filter(
    (part) => typeof part === 'string',
  );
  const facts = [
    `\`${String(spec['method'] ?? 'GET')} ${String(spec['path'] ?? '/')}\` → ${target.join(' ')}`,
  ];
  try {
    const chain = routeChain(contract, route);
    if (chain.links.length > 0) {
      facts.push('', 'Resilience, outermost first:');
      for (const link of chain.links)
        facts.push(`- ${link.label} (${link.origin}): ${link.summary}`);
    }
    facts.push('', `Worst-case latency: ${chain.worstCaseReason}.`);
  } catch (error) {
    facts.push('', `The resilience chain cannot be computed: ${(error as Error).message}`);
  }
  return facts;
}

function serviceFacts(service: Definition): string[] {
  const { spec } = service;
  const where = spec['url'] ?? spec['address'];
  const facts = [
    `${String(spec['protocol'] ?? 'http')}${typeof where === 'string' ? ` at ${where}` : ''}`,
  ];
  if (typeof spec['instances'] === 'number') facts[0] += `, ${spec['instances']} instances`;
  for (const key of ['timeout', 'retry', 'breaker', 'bulkhead']) {
    if (typeof spec[key] === 'string') facts.push(`- ${key}: \`${spec[key] as string}\``);
  }
  return facts;
}

function messageFacts(message: Definition): string[] {
  const { spec } = message;
  const facts: string[] = [];
  const names = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));
  if (spec['producer'] !== undefined) facts.push(`- producer: ${names(spec['producer'])}`);
  if (spec['handler'] !== undefined) facts.push(`- handler: ${names(spec['handler'])}`);
  if (spec['subscribers'] !== undefined) facts.push(`- subscribers: ${names(spec['subscribers'])}`);
  for (const key of ['channel', 'queue', 'reply', 'replyTimeout']) {
    if (spec[key] !== undefined) facts.push(`- ${key}: ${names(spec[key])}`);
  }
  if (spec['encrypted'] === true) facts.push('- payload encrypted');
  return facts;
}

function queueFacts(queue: Definition): string[] {
  const { spec } = queue;
  const facts: string[] = [];
  if (spec['maxSize'] !== undefined) {
    const full = spec['whenFull'] === 'backpressure' ? 'applies back-pressure' : 'rejects messages';
    facts.push(`- holds at most ${String(spec['maxSize'])} messages; when full, ${full}`);
  }
  if (Array.isArray(spec['consumers'])) facts.push(`- consumers: ${spec['consumers'].join(', ')}`);
  if (spec['maxDeliveries'] !== undefined)
    facts.push(`- delivers a message at most ${String(spec['maxDeliveries'])} times`);
  facts.push(
    typeof spec['deadLetter'] === 'string'
      ? `- failed messages go to \`${spec['deadLetter']}\``
      : '- no dead-letter queue: failed messages are dropped',
  );
  return facts;
}

function schemaFacts(schema: Definition): string[] {
  const type = schema.spec['type'];
  if (type !== undefined)
    return [`type: ${Array.isArray(type) ? type.join(' or ') : String(type)}`];
  if (Array.isArray(schema.spec['enum']))
    return [`one of: ${schema.spec['enum'].map(String).join(', ')}`];
  if (Array.isArray(schema.spec['oneOf'])) return [`one of ${schema.spec['oneOf'].length} shapes`];
  return [];
}

function listFacts(definition: Definition, keys: readonly string[]): string[] {
  return keys
    .filter((key) => typeof definition.spec[key] === 'string')
    .map((key) => `- ${key}: ${definition.spec[key] as string}`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
