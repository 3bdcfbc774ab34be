/** Runs the real analysis on contract text held in memory, for unit tests. */
import { analyzeContract } from '../../server/src/contract/analysis';
import type { FileProvider } from '../../server/src/contract/includes';
import { ContractFile, parseContract } from '../../server/src/contract/parse';
import type { Problem } from '../../server/src/contract/problem';
import type { Range } from '../../server/src/contract/text';

export interface Found {
  code: string;
  severity: string;
  message: string;
  range: Range;
  /** `line:character-line:character`, for compact assertions. */
  at: string;
  uri: string;
  problem: Problem;
}

export const ROOT_URI = 'file:///workspace/comm.yaml';

/** In-memory files by URI, for includes. */
export class MemoryFiles implements FileProvider {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, ContractFile>();

  constructor(files: Record<string, string> = {}) {
    for (const [uri, text] of Object.entries(files)) this.texts.set(uri, text);
  }

  get(uri: string): ContractFile | undefined {
    const text = this.texts.get(uri);
    if (text === undefined) return undefined;
    let file = this.parsed.get(uri);
    if (file === undefined) this.parsed.set(uri, (file = parseContract(uri, text)));
    return file;
  }
}

export function analyzeText(text: string, others: Record<string, string> = {}): Found[] {
  const files = new MemoryFiles({ ...others, [ROOT_URI]: text });
  const analysis = analyzeContract(files.get(ROOT_URI)!, files, '/workspace');
  const byUri = new Map(analysis.contract.files.map((file) => [file.uri, file]));
  return analysis.problems.map((problem) => {
    const file = byUri.get(problem.uri) ?? files.get(problem.uri)!;
    const range = file.lines.rangeOf(problem.span);
    return {
      code: problem.code,
      severity: problem.severity,
      message: problem.message,
      range,
      at: `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`,
      uri: problem.uri,
      problem,
    };
  });
}

export function codes(found: readonly Found[]): string[] {
  return found.map((item) => item.code);
}

/** A small valid contract, to which tests add what they check. */
export const BASE = `switchboard: 1
services:
  orders:
    protocol: http
    url: http://orders.internal:8080
    timeout: 1s
  billing:
    protocol: http
    url: http://billing.internal:8080
`;
