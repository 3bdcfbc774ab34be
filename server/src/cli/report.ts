/** Prints problems as stylish text, as JSON with LSP positions, or as a SARIF 2.1.0 log. */
import type { ContractFile } from '../contract/parse';
import type { Problem, Severity } from '../contract/problem';
import type { Range } from '../contract/text';
import { codeCatalog } from '../rules/catalog';
import { displayPath } from './files';
import { PRODUCT_VERSION } from './version';

export type ReportFormat = 'stylish' | 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['stylish', 'json', 'sarif'];

export interface LocatedProblem {
  problem: Problem;
  file: string;
  range: Range;
}

export function locateProblems(problems: readonly Problem[], files: ReadonlyMap<string, ContractFile>): LocatedProblem[] {
  return problems.map((problem) => {
    const file = files.get(problem.uri);
    const range = file?.lines.rangeOf(problem.span) ?? {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    };
    return { problem, file: displayPath(problem.uri), range };
  });
}

export function formatReport(format: ReportFormat, located: readonly LocatedProblem[]): string {
  switch (format) {
    case 'json':
      return JSON.stringify(located.map(toJson), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(toSarif(located), null, 2) + '\n';
    case 'stylish':
      return formatStylish(located);
  }
}

function toJson({ problem, file, range }: LocatedProblem) {
  return { file, range, severity: problem.severity, code: problem.code, message: problem.message };
}

function formatStylish(located: readonly LocatedProblem[]): string {
  if (located.length === 0) return '';
  const lines: string[] = [];
  let currentFile: string | undefined;
  for (const { problem, file, range } of located) {
    if (file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      lines.push(file);
      currentFile = file;
    }
    // People count lines and columns from 1.
    const position = `${range.start.line + 1}:${range.start.character + 1}`;
    lines.push(`  ${position.padEnd(8)} ${problem.severity.padEnd(11)} ${problem.message}  ${problem.code}`);
  }
  const counts = countSeverities(located.map((item) => item.problem));
  const parts = (['error', 'warning', 'information', 'hint'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => plural(counts[severity], severity === 'information' ? 'information' : severity));
  lines.push('', `${plural(located.length, 'problem')} (${parts.join(', ')})`);
  return lines.join('\n') + '\n';
}

export function countSeverities(problems: readonly Problem[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const problem of problems) counts[problem.severity]++;
  return counts;
}

function plural(count: number, noun: string): string {
  return noun === 'information' ? `${count} information` : `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A relative path when the file is under the working folder, so that results move with the checkout. */
function artifactUri(uri: string, displayed: string): string {
  if (displayed.startsWith('/') || /^[A-Za-z]:[\\/]/.test(displayed) || displayed === uri) return uri;
  return encodeURI(displayed.split('\\').join('/'));
}

const SARIF_LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

function toSarif(located: readonly LocatedProblem[]) {
  const codes = new Set(located.map((item) => item.problem.code));
  const descriptions = new Map(codeCatalog().map((info) => [info.code, info.summary]));
  const rules = [...codes].sort().map((code) => ({
    id: code,
    shortDescription: { text: descriptions.get(code) ?? code },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Switchboard', version: PRODUCT_VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results: located.map(({ problem, file, range }) => ({
          ruleId: problem.code,
          ruleIndex: ruleIndex.get(problem.code),
          level: SARIF_LEVELS[problem.severity],
          message: { text: problem.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(problem.uri, file) },
                // SARIF counts lines and columns from 1; the end column is exclusive, like LSP's.
                region: {
                  startLine: range.start.line + 1,
                  startColumn: range.start.character + 1,
                  endLine: range.end.line + 1,
                  endColumn: range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
