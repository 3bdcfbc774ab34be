/**
 * The findings of the rules in the last analysis of a contract. An editor session keeps them
 * between analyses, so that after an edit the rules check again only what the edit affected.
 *
 * - A definition rule's findings about a definition are kept while the definition is the same
 *   object, and no name it looked up, kind it read whole, or setting it read has changed. An edit
 *   rebuilds only the definitions of the chunks it touched.
 * - A contract rule's findings are kept while the definitions of its `inputs` keep their names,
 *   their order and their `signature`.
 */
import {
  Contract,
  Definition,
  DEFINITION_SECTIONS,
  DefinitionKind,
  definitionsOf,
  isObject,
} from '../contract/model';
import { Input, KeptFinding, Rule, RuleContext, SETTINGS } from './rule';

const INPUTS: readonly Input[] = [...DEFINITION_SECTIONS.map(({ kind }) => kind), SETTINGS];

interface DefinitionRecord {
  /** Findings by the rule's index in the list of rules. */
  readonly findings: Array<readonly KeptFinding[] | undefined>;
  readonly hasFindings: boolean;
  /** The names the checks looked up, as `kind\0name`. */
  readonly lookups: readonly string[];
  /** The kinds and settings the checks read whole. */
  readonly wide: readonly Input[];
}

/** The findings of the definition rules about the definitions of one kind. */
interface KindRecords {
  /** The definitions of the kind, by name, as the last analysis had them. */
  byName: ByName | undefined;
  records: Map<Definition, DefinitionRecord>;
  /** The definitions with findings, so that an analysis that keeps all replays only those. */
  withFindings: Set<Definition>;
}

export class RuleMemory {
  /** The contract of the last analysis. */
  previous: Contract | undefined;
  readonly kinds = new Map<DefinitionKind, KindRecords>();
  /** The definitions whose findings depend on a name, by `kind\0name`. */
  readonly dependents = new Map<string, Set<Definition>>();
  /** The definitions whose findings depend on every definition of a kind, or on the settings. */
  readonly wideDependents = new Map<Input, Set<Definition>>();
  /** Findings of each contract rule in the last analysis, by code. */
  readonly contractFindings = new Map<string, readonly KeptFinding[]>();

  /** Notes what a definition's checks read, so that a change to it finds the definition. */
  index(definition: Definition, record: DefinitionRecord): void {
    for (const key of record.lookups) addTo(this.dependents, key, definition);
    for (const input of record.wide) addTo(this.wideDependents, input, definition);
  }

  unindex(definition: Definition, record: DefinitionRecord): void {
    for (const key of record.lookups) removeFrom(this.dependents, key, definition);
    for (const input of record.wide) removeFrom(this.wideDependents, input, definition);
  }

  clear(): void {
    this.previous = undefined;
    this.kinds.clear();
    this.dependents.clear();
    this.wideDependents.clear();
    this.contractFindings.clear();
  }
}

function removeFrom<K>(map: Map<K, Set<Definition>>, key: K, definition: Definition): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(definition);
  if (set.size === 0) map.delete(key);
}

function addTo<K>(map: Map<K, Set<Definition>>, key: K, definition: Definition): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(definition);
}

/** Runs rules on the context's contract with what `memory` kept, and updates it. */
export function runWithMemory(
  context: RuleContext,
  rules: readonly Rule[],
  memory: RuleMemory,
): void {
  try {
    const changes = changesBetween(memory.previous, context.contract);
    if (memory.previous === undefined) memory.clear();
    const affected = affectedBy(changes, memory);
    for (const [kind, kindRules] of rulesByKind(rules)) {
      checkKind(context, memory, kind, kindRules, affected.get(kind) ?? new Set());
    }
    checkContract(context, rules, memory, changes);
    memory.previous = context.contract;
  } catch (error) {
    // What a run cut short kept matches no version of the contract: the next run starts afresh.
    memory.clear();
    throw error;
  }
}

/** Finds the definitions whose kept findings depend on something that changed, by kind. */
function affectedBy(changes: Changes, memory: RuleMemory): Map<DefinitionKind, Set<Definition>> {
  const affected = new Map<DefinitionKind, Set<Definition>>();
  const add = (definitions: Iterable<Definition> | undefined) => {
    for (const definition of definitions ?? []) {
      let set = affected.get(definition.kind);
      if (set === undefined) affected.set(definition.kind, (set = new Set()));
      set.add(definition);
    }
  };
  for (const [input, change] of changes.byInput) {
    add(memory.wideDependents.get(input));
    if (change.names === 'all') continue;
    for (const name of change.names) add(memory.dependents.get(`${input}\0${name}`));
  }
  return affected;
}

/**
 * Runs the definition rules of one kind. When the kind's definitions are the objects of the last
 * analysis, only those that depend on a change are checked again, and the others keep their
 * findings.
 */
function checkKind(
  context: RuleContext,
  memory: RuleMemory,
  kind: DefinitionKind,
  kindRules: ReadonlyArray<[number, Rule]>,
  affected: ReadonlySet<Definition>,
): void {
  const byName = context.contract.definitions.get(kind);
  const last = memory.kinds.get(kind);
  if (last !== undefined && last.byName === byName) {
    for (const definition of affected) {
      const kept = last.records.get(definition);
      if (kept === undefined) continue;
      memory.unindex(definition, kept);
      const record = checkDefinition(context, memory, definition, kindRules);
      last.records.set(definition, record);
      if (record.hasFindings) last.withFindings.add(definition);
      else last.withFindings.delete(definition);
    }
    for (const definition of last.withFindings) {
      if (!affected.has(definition)) replay(context, last.records.get(definition)!, kindRules);
    }
    return;
  }
  const records = new Map<Definition, DefinitionRecord>();
  const withFindings = new Set<Definition>();
  for (const definition of definitionsOf(context.contract, kind)) {
    let record = last?.records.get(definition);
    if (record === undefined || affected.has(definition)) {
      if (record !== undefined) memory.unindex(definition, record);
      record = checkDefinition(context, memory, definition, kindRules);
    } else if (record.hasFindings) {
      replay(context, record, kindRules);
    }
    records.set(definition, record);
    if (record.hasFindings) withFindings.add(definition);
  }
  for (const [definition, record] of last?.records ?? []) {
    if (!records.has(definition)) memory.unindex(definition, record);
  }
  memory.kinds.set(kind, { byName, records, withFindings });
}

function checkDefinition(
  context: RuleContext,
  memory: RuleMemory,
  definition: Definition,
  kindRules: ReadonlyArray<[number, Rule]>,
): DefinitionRecord {
  // Most definitions have no findings and read little: they share empty arrays.
  let findings: Array<readonly KeptFinding[] | undefined> = NO_FINDINGS;
  const lookups = new Set<string>();
  const wide = new Set<Input>();
  for (const [index, rule] of kindRules) {
    const result = context.check(rule, definition);
    if (result.findings.length > 0) {
      if (findings === NO_FINDINGS) findings = [];
      findings[index] = result.findings;
    }
    for (let at = 0; at < result.lookups.length; at += 2) {
      lookups.add(`${result.lookups[at]}\0${result.lookups[at + 1]}`);
    }
    for (const input of result.wide) wide.add(input);
  }
  const record: DefinitionRecord = {
    findings,
    hasFindings: findings !== NO_FINDINGS,
    lookups: lookups.size === 0 ? NOTHING : [...lookups],
    wide: wide.size === 0 ? NOTHING : [...wide],
  };
  memory.index(definition, record);
  return record;
}

const NO_FINDINGS: Array<readonly KeptFinding[] | undefined> = [];
const NOTHING: readonly never[] = [];

function replay(
  context: RuleContext,
  record: DefinitionRecord,
  kindRules: ReadonlyArray<[number, Rule]>,
): void {
  for (const [index, rule] of kindRules) {
    const findings = record.findings[index];
    if (findings !== undefined && findings.length > 0) context.replay(rule, findings);
  }
}

function checkContract(
  context: RuleContext,
  rules: readonly Rule[],
  memory: RuleMemory,
  changes: Changes,
): void {
  for (const rule of rules) {
    if (rule.check === undefined) continue;
    const kept = memory.contractFindings.get(rule.code);
    if (
      kept !== undefined &&
      !contractRuleAffected(rule, changes, memory.previous, context.contract)
    ) {
      context.replay(rule, kept);
      continue;
    }
    const { findings } = context.check(rule, undefined);
    if (rule.inputs === undefined) memory.contractFindings.delete(rule.code);
    else memory.contractFindings.set(rule.code, findings);
  }
}

/** Groups the rules with a definition check by the kinds they check, with their index in `rules`. */
function rulesByKind(rules: readonly Rule[]): Map<DefinitionKind, Array<[number, Rule]>> {
  const byKind = new Map<DefinitionKind, Array<[number, Rule]>>();
  rules.forEach((rule, index) => {
    if (rule.checkDefinition === undefined) return;
    for (const kind of rule.kinds ?? []) {
      let list = byKind.get(kind);
      if (list === undefined) byKind.set(kind, (list = []));
      list.push([index, rule]);
    }
  });
  return byKind;
}

interface InputChange {
  /** The names whose definitions differ, or 'all'. */
  readonly names: ReadonlySet<string> | 'all';
  /** Whether names were added, removed or moved. */
  readonly reordered: boolean;
}

interface Changes {
  readonly byInput: ReadonlyMap<Input, InputChange>;
}

function contractRuleAffected(
  rule: Rule,
  changes: Changes,
  previous: Contract | undefined,
  current: Contract,
): boolean {
  if (rule.inputs === undefined || previous === undefined) return true;
  for (const kind of rule.inputs) {
    const change = changes.byInput.get(kind);
    if (change === undefined) continue;
    if (change.reordered || change.names === 'all') return true;
    for (const name of change.names) {
      const before = previous.definitions.get(kind)?.get(name) ?? [];
      const after = current.definitions.get(kind)?.get(name) ?? [];
      if (before.length === 0 || before.length !== after.length) return true;
      const same = (definition: Definition, index: number) => {
        const other = after[index]!;
        if (definition === other) return true;
        return (
          definition.file.uri === other.file.uri &&
          rule.signature?.(definition) === rule.signature?.(other)
        );
      };
      if (!before.every(same)) return true;
    }
  }
  return false;
}

/**
 * Compares two versions of a contract. Sections an edit did not touch keep their maps, so only the
 * names of the edited sections are compared.
 */
function changesBetween(previous: Contract | undefined, current: Contract): Changes {
  const byInput = new Map<Input, InputChange>();
  if (previous === undefined) {
    for (const input of INPUTS) byInput.set(input, { names: 'all', reordered: true });
  } else {
    for (const { kind } of DEFINITION_SECTIONS) {
      const change = kindChange(previous.definitions.get(kind), current.definitions.get(kind));
      if (change !== undefined) byInput.set(kind, change);
    }
    if (!sameSettings(previous, current)) byInput.set(SETTINGS, { names: 'all', reordered: false });
  }
  return { byInput };
}

type ByName = ReadonlyMap<string, readonly Definition[]>;

function kindChange(
  before: ByName | undefined,
  after: ByName | undefined,
): InputChange | undefined {
  if (before === after) return undefined;
  const names = new Set<string>();
  let reordered = (before?.size ?? 0) !== (after?.size ?? 0);
  const oldNames = before?.keys();
  for (const [name, list] of after ?? []) {
    if (oldNames?.next().value !== name) reordered = true;
    const old = before?.get(name);
    if (
      old === undefined ||
      old.length !== list.length ||
      old.some((each, index) => each !== list[index])
    ) {
      names.add(name);
    }
  }
  for (const name of before?.keys() ?? []) if (after?.has(name) !== true) names.add(name);
  return names.size > 0 || reordered ? { names, reordered } : undefined;
}

/** Compares top-level values other than definitions by identity, which an untouched section keeps. */
function sameSettings(previous: Contract, current: Contract): boolean {
  if (previous.files.length !== current.files.length) return false;
  return current.files.every((file, index) => {
    const before = previous.files[index]!.data;
    const after = file.data;
    if (!isObject(before) || !isObject(after)) return before === after;
    const keys = Object.keys(after);
    if (keys.length !== Object.keys(before).length) return false;
    return keys.every((key) => DEFINITION_KEYS.has(key) || before[key] === after[key]);
  });
}

/** Top-level keys that contain only definitions. `gateway` contains settings too. */
const DEFINITION_KEYS = new Set(
  DEFINITION_SECTIONS.filter(({ path }) => path.length === 1).map(({ path }) => String(path[0])),
);
