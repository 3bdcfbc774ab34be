/** The context every quick fix reads, and the code action it builds. */
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Contract } from '../contract/model';
import type { ContractFile } from '../contract/parse';

export interface FixContext {
  file: ContractFile;
  contract: Contract;
  /** The client's diagnostic, with the data of the problem the current text has at its range. */
  diagnostic: Diagnostic;
  /** The offset of the diagnostic's start in the current text. */
  offset: number;
  /** Whether the client applies edits that create files, as `.env` fixes need. */
  canCreateFiles: boolean;
  /**
   * The version of the text the fix was computed on, when the client applies versioned document
   * edits: null for a file that is not open. Undefined when the client takes plain `changes` only.
   */
  version: number | null | undefined;
}

/** Builds a quick fix that edits the diagnostic's own file. */
export function quickFix(
  title: string,
  context: FixContext,
  edits: TextEdit[],
  preferred = false,
  resolves = true,
): CodeAction {
  const action: CodeAction = { title, kind: CodeActionKind.QuickFix };
  if (resolves) action.diagnostics = [context.diagnostic];
  action.edit = fileEdit(context, edits);
  if (preferred) action.isPreferred = true;
  return action;
}

/**
 * Builds the edit of the diagnostic's file: a versioned document edit where the client supports
 * one, so that the client rejects it once the text has changed, else plain changes.
 */
export function fileEdit(context: FixContext, edits: TextEdit[]): WorkspaceEdit {
  if (context.version === undefined) return { changes: { [context.file.uri]: edits } };
  return { documentChanges: [documentEdit(context, edits)] };
}

/** Wraps the edits of the diagnostic's file in one versioned document edit. */
export function documentEdit(context: FixContext, edits: TextEdit[]): TextDocumentEdit {
  return {
    textDocument: { uri: context.file.uri, version: context.version ?? null },
    edits,
  };
}
