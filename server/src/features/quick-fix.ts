/** The context every quick fix reads, and the code action it builds. */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { Contract } from '../contract/model';
import type { ContractFile } from '../contract/parse';

export interface FixContext {
  file: ContractFile;
  contract: Contract;
  diagnostic: Diagnostic;
  /** The offset of the diagnostic's start in the current text. */
  offset: number;
  /** Whether the client applies edits that create files, as `.env` fixes need. */
  canCreateFiles: boolean;
}

/** Builds a quick fix that edits the diagnostic's own file. */
export function quickFix(
  title: string,
  context: FixContext,
  edits: TextEdit[],
  preferred = false,
): CodeAction {
  const action: CodeAction = {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [context.diagnostic],
    edit: { changes: { [context.file.uri]: edits } },
  };
  if (preferred) action.isPreferred = true;
  return action;
}
