import type { Contract, Definition } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Problem, ProblemData, RelatedLocation, Severity } from '../contract/problem';
import type { Span } from '../contract/text';
import { entryAtPath, nodeAtPath, Path } from '../contract/tree';

/** A semantic check over a whole contract. Its code is stable and names its entry in docs/rules.md. */
export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  /** One sentence for docs/rules.md and the CLI's rule list. */
  readonly summary: string;
  /** Further codes this rule reports, with their severities, for rules that report several. */
  readonly alsoReports?: Readonly<Record<string, { severity: Severity; summary: string }>>;
  check(context: RuleContext): void;
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

export class RuleContext {
  readonly problems: Problem[] = [];
  private rule: Rule | undefined;

  constructor(readonly contract: Contract) {}

  run(rule: Rule): void {
    this.rule = rule;
    rule.check(this);
    this.rule = undefined;
  }

  report(finding: Finding): void {
    const rule = this.rule;
    if (rule === undefined) throw new Error('report() was called outside a rule.');
    const code = finding.code ?? rule.code;
    const severity = finding.severity ?? rule.alsoReports?.[code]?.severity ?? rule.severity;
    const problem: Problem = {
      uri: finding.file.uri,
      span: spanOf(finding.file, finding.path, finding.at ?? 'value'),
      severity,
      code,
      message: finding.message,
    };
    if (finding.related !== undefined) {
      problem.related = finding.related.map(
        (related): RelatedLocation => ({
          uri: related.file.uri,
          span: spanOf(related.file, related.path, related.at ?? 'key'),
          message: related.message,
        }),
      );
    }
    if (finding.data !== undefined) problem.data = finding.data;
    if (finding.tags !== undefined) problem.tags = finding.tags;
    this.problems.push(problem);
  }

  /** Reports on a definition's name. */
  reportDefinition(definition: Definition, message: string, extra: Partial<Finding> = {}): void {
    this.report({ file: definition.file, path: definition.path, at: 'key', message, ...extra });
  }
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
