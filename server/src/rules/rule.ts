import {
  Contract,
  Definition,
  DefinitionKind,
  definitionsOf,
  isObject,
  lookup,
} from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Problem, ProblemData, RelatedLocation, Severity } from '../contract/problem';
import type { Span } from '../contract/text';
import { entryAtPath, nodeAtPath, Path } from '../contract/tree';

/**
 * A semantic check. Its code is stable and names its entry in docs/rules.md. A rule checks either
 * one definition of `kinds` at a time (`checkDefinition`), or the whole contract at once (`check`).
 * An editor session keeps what each rule found between analyses (see memory.ts). It keeps a
 * definition's findings while the definition and everything its check looked up through the
 * context stay the same. It keeps a whole-contract rule's findings while the definitions of
 * `inputs` keep their order and their `signature`.
 */
export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  /** One sentence for docs/rules.md and the CLI's rule list. */
  readonly summary: string;
  /** Further codes this rule reports, with their severities, for rules that report several. */
  readonly alsoReports?: Readonly<Record<string, { severity: Severity; summary: string }>>;
  /** The kinds of definition `checkDefinition` is called with. */
  readonly kinds?: readonly DefinitionKind[];
  checkDefinition?(definition: Definition, context: RuleContext): void;
  check?(context: RuleContext): void;
  /** The kinds of definition `check` reads. Without them, `check` runs on every analysis. */
  readonly inputs?: readonly DefinitionKind[];
  /** Returns the parts of a definition of `inputs` that `check` reads, besides its kind and name. */
  signature?(definition: Definition): string;
}

export interface Finding {
  file: ContractFile;
  path: Path;
  /** Whether the finding is about the key at `path` or its value; defaults to the value. */
  at?: 'key' | 'value';
  message: string;
  /** Overrides the rule's code, for rules that report several. */
  code?: string;
  severity?: Severity;
  related?: Array<{ file: ContractFile; path: Path; at?: 'key' | 'value'; message: string }>;
  data?: ProblemData;
  tags?: Array<'unnecessary' | 'deprecated'>;
}

/**
 * A finding as kept between analyses. It names files by URI, because a file object contains its
 * whole text, and a kept finding would otherwise keep alive the version it was found in.
 */
export interface KeptFinding extends Omit<Finding, 'file' | 'related'> {
  uri: string;
  related?: Array<{ uri: string; path: Path; at?: 'key' | 'value'; message: string }>;
}

/** Contract-wide values that checks read besides definitions, such as the gateway's timeout. */
export const SETTINGS = 'settings';
export type Input = DefinitionKind | typeof SETTINGS;

/** The findings of one check, with the names and kinds it read. */
export interface CheckResult {
  /** Pairs of kind and name that the check looked up. */
  readonly lookups: string[];
  /** The kinds the check read whole, and the settings it read. */
  readonly wide: Input[];
  readonly findings: KeptFinding[];
}

export class RuleContext {
  readonly problems: Problem[] = [];
  private rule: Rule | undefined;
  /** The result being recorded by the running check. */
  private recording: CheckResult | undefined;
  private filesByUri: Map<string, ContractFile> | undefined;

  constructor(readonly contract: Contract) {}

  /** Runs a rule on the whole contract. */
  run(rule: Rule): void {
    if (rule.checkDefinition !== undefined) {
      for (const kind of rule.kinds ?? []) {
        for (const definition of definitionsOf(this.contract, kind)) this.check(rule, definition);
      }
    }
    if (rule.check !== undefined) this.check(rule, undefined);
  }

  /** Runs a rule's check of one definition, or its contract check, and records what it read. */
  check(rule: Rule, definition: Definition | undefined): CheckResult {
    const result: CheckResult = { lookups: [], wide: [], findings: [] };
    this.rule = rule;
    this.recording = result;
    try {
      if (definition === undefined) rule.check?.(this);
      else rule.checkDefinition?.(definition, this);
    } finally {
      this.rule = undefined;
      this.recording = undefined;
    }
    return result;
  }

  /** Reports again what a rule found in an earlier analysis. */
  replay(rule: Rule, findings: readonly KeptFinding[]): void {
    for (const finding of findings) this.emit(rule, finding);
  }

  /** Finds a definition by kind and name, as `lookup` does, and notes that the check read it. */
  readonly lookup = (kind: DefinitionKind, name: string): Definition | undefined => {
    this.recording?.lookups.push(kind, name);
    return lookup(this.contract, kind, name);
  };

  /** Returns every definition of a kind. A check that reads them depends on the whole kind. */
  definitionsOf(kind: DefinitionKind): Definition[] {
    this.recording?.wide.push(kind);
    return definitionsOf(this.contract, kind);
  }

  /** Returns the value at `path` of the first file whose value there passes `accept`. */
  setting<T>(path: Path, accept: (value: unknown) => value is T): T | undefined {
    this.recording?.wide.push(SETTINGS);
    for (const file of this.contract.files) {
      let value: unknown = file.data;
      for (const segment of path) value = isObject(value) ? value[String(segment)] : undefined;
      if (accept(value)) return value;
    }
    return undefined;
  }

  report(finding: Finding): void {
    const rule = this.rule;
    if (rule === undefined) throw new Error('report() was called outside a rule.');
    const kept = keep(finding);
    this.recording?.findings.push(kept);
    this.emit(rule, kept);
  }

  /** Reports on a definition's name. */
  reportDefinition(definition: Definition, message: string, extra: Partial<Finding> = {}): void {
    this.report({ file: definition.file, path: definition.path, at: 'key', message, ...extra });
  }

  private emit(rule: Rule, finding: KeptFinding): void {
    const code = finding.code ?? rule.code;
    const severity = finding.severity ?? rule.alsoReports?.[code]?.severity ?? rule.severity;
    const problem: Problem = {
      uri: finding.uri,
      span: this.spanOf(finding.uri, finding.path, finding.at ?? 'value'),
      severity,
      code,
      message: finding.message,
    };
    if (finding.related !== undefined) {
      problem.related = finding.related.map((related): RelatedLocation => ({
        uri: related.uri,
        span: this.spanOf(related.uri, related.path, related.at ?? 'key'),
        message: related.message,
      }));
    }
    if (finding.data !== undefined) problem.data = finding.data;
    if (finding.tags !== undefined) problem.tags = finding.tags;
    this.problems.push(problem);
  }

  /** Finds the span of a path in this contract's version of a file. */
  private spanOf(uri: string, path: Path, at: 'key' | 'value'): Span {
    this.filesByUri ??= new Map(this.contract.files.map((file) => [file.uri, file]));
    const file = this.filesByUri.get(uri);
    return file === undefined ? { start: 0, end: 0 } : spanOf(file, path, at);
  }
}

function keep(finding: Finding): KeptFinding {
  const { file, related, ...rest } = finding;
  const kept: KeptFinding = { ...rest, uri: file.uri };
  if (related !== undefined) {
    kept.related = related.map(({ file: relatedFile, ...place }) => ({
      ...place,
      uri: relatedFile.uri,
    }));
  }
  return kept;
}

/**
 * Finds the text a finding is about: a key's text, or a value's text, falling back to the nearest
 * enclosing key when the exact node is missing, as for a merged or defaulted value.
 */
export function spanOf(file: ContractFile, path: Path, at: 'key' | 'value'): Span {
  if (at === 'value') {
    const node = nodeAtPath(file.root, path);
    if (node !== undefined && node.span.end > node.span.start) return node.span;
  }
  for (let length = path.length; length > 0; length--) {
    const entry = entryAtPath(file.root, path.slice(0, length));
    if (entry !== undefined) return entry.keySpan;
    const node = nodeAtPath(file.root, path.slice(0, length));
    if (node !== undefined && node.span.end > node.span.start) return node.span;
  }
  return { start: 0, end: 0 };
}
