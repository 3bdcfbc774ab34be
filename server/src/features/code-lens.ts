/**
 * Code lenses above each flow ("Simulate") and each service ("Generate client"). The commands
 * take the document URI and the definition's name; the client implements them.
 */
import { CodeLens } from 'vscode-languageserver/node';
import type { ContractFile } from '../contract/parse';
import { nodeAtPath } from '../contract/tree';

export const SIMULATE_FLOW_COMMAND = 'switchboard.simulateFlow';
export const GENERATE_CLIENT_COMMAND = 'switchboard.generateClient';

const LENSES: ReadonlyArray<{ section: string; title: string; command: string }> = [
  { section: 'services', title: 'Generate client', command: GENERATE_CLIENT_COMMAND },
  { section: 'flows', title: 'Simulate', command: SIMULATE_FLOW_COMMAND },
];

export function codeLenses(file: ContractFile): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const { section, title, command } of LENSES) {
    for (const entry of nodeAtPath(file.root, [section])?.entries() ?? []) {
      lenses.push({
        range: file.lines.rangeOf(entry.keySpan),
        command: { title, command, arguments: [file.uri, entry.key] },
      });
    }
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
}
