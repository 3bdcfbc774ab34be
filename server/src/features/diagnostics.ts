/**
 * Publishes diagnostics: converts problems to LSP form, and schedules validation so that a burst
 * of edits is validated once, shortly after it ends.
 */
import { pathToFileURL } from 'node:url';
import {
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
} from 'vscode-languageserver/node';
import type { ContractFile } from '../contract/parse';
import type { Problem, Severity } from '../contract/problem';
import type { ContractWorkspace } from '../workspace/workspace';
import { findResource } from '../util/resources';
import { capProblems } from './problem-cap';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The longest a stream of edits can hold diagnostics back, in milliseconds. */
const MAX_WAIT_MS = 500;

export class DiagnosticsPublisher {
  /** How long to wait after an edit before validating, in milliseconds. */
  delay = 15;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly firstPending = new Map<string, number>();
  /** The files each root published diagnostics for, so that they can be cleared later. */
  private readonly published = new Map<string, Set<string>>();
  private readonly rulesDocument = rulesDocumentUri();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: ContractWorkspace,
  ) {}

  /** Schedules validation of every contract that contains the file. */
  schedule(uri: string): void {
    for (const root of this.workspace.rootsOf(uri)) this.scheduleRoot(root);
  }

  private scheduleRoot(root: string): void {
    const now = Date.now();
    const first = this.firstPending.get(root) ?? now;
    this.firstPending.set(root, first);
    const existing = this.timers.get(root);
    if (existing !== undefined) clearTimeout(existing);
    const wait = Math.max(0, Math.min(this.delay, first + MAX_WAIT_MS - now));
    this.timers.set(
      root,
      setTimeout(() => this.validate(root), wait),
    );
  }

  /** Validates one contract now and publishes diagnostics for its open files. */
  validate(root: string): void {
    try {
      this.validateRoot(root);
    } catch (error) {
      // A bug in one check must not take the server down with every open document.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.connection.console.error(`Validating ${root} failed: ${detail}`);
    }
  }

  private validateRoot(root: string): void {
    this.timers.delete(root);
    this.firstPending.delete(root);
    const roots = this.workspace.rootsOf(root);
    if (!roots.includes(root)) {
      // Since this was scheduled, another contract has come to include the file: check that one.
      for (const includer of roots) this.scheduleRoot(includer);
      return;
    }
    const versionAtStart = this.workspace.version(root);
    const analysis = this.workspace.analyze(root);
    if (analysis === undefined) return;

    const byFile = new Map<string, Problem[]>();
    for (const file of analysis.contract.files) byFile.set(file.uri, []);
    for (const problem of analysis.problems) byFile.get(problem.uri)?.push(problem);

    const files = new Map(analysis.contract.files.map((file) => [file.uri, file]));
    const previous = this.published.get(root) ?? new Set<string>();
    const current = new Set<string>();
    for (const [uri, problems] of byFile) {
      if (!this.workspace.isOpen(uri)) continue;
      const file = files.get(uri)!;
      // A newer version arrived while this one was validated: its own validation will publish.
      if (uri === root && this.workspace.version(uri) !== versionAtStart) continue;
      current.add(uri);
      const version = this.workspace.version(uri);
      void this.connection.sendDiagnostics({
        uri,
        ...(version === undefined ? {} : { version }),
        diagnostics: capProblems(uri, problems).map((problem) => this.toDiagnostic(problem, file)),
      });
    }
    const released: string[] = [];
    for (const uri of previous) {
      if (current.has(uri)) continue;
      if (this.workspace.isOpen(uri)) released.push(uri);
      else void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.published.set(root, current);
    // An open file that this contract no longer includes belongs to another contract, or is one of
    // its own: its diagnostics are replaced now, before any that a later edit brings.
    for (const uri of released) {
      for (const other of this.workspace.rootsOf(uri)) if (other !== root) this.validateRoot(other);
    }
  }

  /**
   * Clears the diagnostics of a closed document and checks again each contract that contains it
   * and still shows other open files, because that contract now reads the file from disk.
   */
  closed(uri: string): void {
    this.clear(uri);
    for (const root of this.workspace.rootsOf(uri)) {
      const shown = [...(this.published.get(root) ?? [])];
      if (shown.some((other) => other !== uri && this.workspace.isOpen(other))) {
        this.scheduleRoot(root);
      }
    }
  }

  /** Clears the diagnostics of a document that was closed. */
  clear(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
    this.firstPending.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  toDiagnostic(problem: Problem, file: ContractFile): Diagnostic {
    const diagnostic: Diagnostic = {
      range: file.lines.rangeOf(problem.span),
      severity: SEVERITIES[problem.severity],
      code: problem.code,
      source: 'switchboard',
      message: problem.message,
    };
    if (this.rulesDocument !== undefined) {
      diagnostic.codeDescription = { href: `${this.rulesDocument}#${problem.code}` };
    }
    if (problem.tags !== undefined) {
      diagnostic.tags = problem.tags.map((tag) =>
        tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated,
      );
    }
    if (problem.related !== undefined) {
      diagnostic.relatedInformation = problem.related.map((related) => {
        const relatedFile = this.workspace.get(related.uri);
        const range = relatedFile?.lines.rangeOf(related.span) ?? diagnostic.range;
        return { location: { uri: related.uri, range }, message: related.message };
      });
    }
    if (problem.data !== undefined) diagnostic.data = problem.data;
    return diagnostic;
  }
}

function rulesDocumentUri(): string | undefined {
  try {
    return pathToFileURL(findResource('docs/rules.md')).href;
  } catch {
    return undefined;
  }
}
