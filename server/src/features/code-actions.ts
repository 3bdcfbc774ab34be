/**
 * Quick fixes for the diagnostics that carry what a fix needs: a "did you mean" name, a missing
 * message, queue or policy, a queue without a dead-letter queue, a retried route that is not
 * idempotent, and a secret written inline. Every fix edits only the text it is about, so comments
 * and the rest of the user's text stay as they were. A fix is built only for a diagnostic that the
 * last analysis of the current text reported, because the range of an older one can point at other
 * text.
 */
import type { CodeAction, CodeActionParams, TextEdit } from 'vscode-languageserver/node';
import { DEFINITION_SECTIONS, DefinitionKind, KIND_NOUNS, Reference } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import { routePolicy } from '../contract/routes';
import { findSuppressions } from '../contract/suppression';
import { entryAtPath, locate, nodeAtPath } from '../contract/tree';
import type { ContractWorkspace } from '../workspace/workspace';
import { currentProblems, matchingProblem } from './current-problems';
import { FixContext, quickFix } from './quick-fix';
import { secretFixes } from './secret-fix';
import { nameSpan, referenceAt } from './symbols';
import { addEntry, removeEntry, replaceValue, StubValue } from './yaml-edits';

type Fixer = (context: FixContext) => CodeAction[];

const FIXERS: Readonly<Record<string, Fixer>> = {
  'unknown-reference': (context) => [...suggestionFix(context), ...stubFix(context)],
  'queue-without-dead-letter': deadLetterFix,
  'retry-not-idempotent': idempotentFixes,
  'inline-secret': secretFixes,
  'unused-suppression': unusedSuppressionFix,
  'unknown-property': textSuggestionFix,
  'invalid-value': textSuggestionFix,
};

/** The kinds of edit the client applies. */
export interface ClientEdits {
  /** Whether it applies edits that create files. */
  canCreateFiles: boolean;
  /** Whether it applies versioned document edits, so that it rejects those of an older text. */
  versionedEdits: boolean;
}

export function codeActions(
  workspace: ContractWorkspace,
  params: CodeActionParams,
  client: ClientEdits,
): CodeAction[] {
  const uri = params.textDocument.uri;
  const file = workspace.get(uri);
  const contract = workspace.contractsContaining(uri)[0];
  if (file === undefined || contract === undefined) return [];
  const problems = currentProblems(workspace, file);
  if (problems.length === 0) return [];
  const version = client.versionedEdits ? (workspace.version(uri) ?? null) : undefined;
  const actions: CodeAction[] = [];
  for (const sent of params.context.diagnostics) {
    if (sent.source !== 'switchboard') continue;
    const fixer = FIXERS[String(sent.code)];
    const problem = fixer === undefined ? undefined : matchingProblem(problems, file, sent);
    if (fixer === undefined || problem === undefined) continue;
    const diagnostic = { ...sent, data: problem.data };
    const offset = problem.span.start;
    const canCreateFiles = client.canCreateFiles;
    actions.push(...fixer({ file, contract, diagnostic, offset, canCreateFiles, version }));
  }
  return actions;
}

/** Replaces a misspelt name with the one the diagnostic suggests. */
function suggestionFix(context: FixContext): CodeAction[] {
  const suggestion = (context.diagnostic.data as { suggestion?: unknown } | undefined)?.suggestion;
  const reference = referenceAt(context.contract, context.file, context.offset);
  if (typeof suggestion !== 'string' || reference === undefined) return [];
  const span = referenceSpan(context.file, reference);
  if (span === undefined) return [];
  const edit = { range: context.file.lines.rangeOf(span), newText: suggestion };
  return [quickFix(`Change to '${suggestion}'`, context, [edit], true)];
}

/** Replaces a misspelt key or value, inside its quotes if it has any, with the suggested text. */
function textSuggestionFix(context: FixContext): CodeAction[] {
  const suggestion = (context.diagnostic.data as { suggestion?: unknown } | undefined)?.suggestion;
  if (typeof suggestion !== 'string') return [];
  const { file, offset } = context;
  let span = { start: offset, end: file.lines.offsetAt(context.diagnostic.range.end) };
  const text = file.text.slice(span.start, span.end);
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.endsWith(text[0]!)) {
    span = { start: span.start + 1, end: span.end - 1 };
  }
  const edit = { range: file.lines.rangeOf(span), newText: suggestion };
  return [quickFix(`Change to '${suggestion}'`, context, [edit], true)];
}

function referenceSpan(file: ContractFile, reference: Reference) {
  const span =
    reference.at === 'key'
      ? entryAtPath(file.root, reference.path)?.keySpan
      : nodeAtPath(file.root, reference.path)?.span;
  return span === undefined
    ? undefined
    : nameSpan(file, span, reference.name, reference.role === '$ref');
}

/**
 * Kinds a stub can be created for, with the contents of a new one: the smallest definition that
 * raises no error of its own. Undefined when no such stub can be inferred.
 */
const STUBS: Partial<Record<DefinitionKind, (reference: Reference) => StubValue | undefined>> = {
  message: messageStub,
  queue: () => ({}),
  policy: (reference) => POLICY_STUBS[reference.expects?.[0] ?? 'retry'],
};

const POLICY_STUBS: Readonly<Record<string, StubValue>> = {
  retry: { kind: 'retry', attempts: 3 },
  'circuit-breaker': { kind: 'circuit-breaker', consecutiveFailures: 5 },
  timeout: { kind: 'timeout', duration: '1s' },
  bulkhead: { kind: 'bulkhead', maxConcurrent: 10 },
};

/**
 * Builds a message stub. A command or query needs exactly one handler: the service of the route
 * that sends it.
 */
function messageStub(reference: Reference): StubValue | undefined {
  const kind = reference.expects?.[0] ?? 'event';
  if (kind !== 'command' && kind !== 'query') return { kind };
  const handler = reference.from?.kind === 'route' ? reference.from.spec['service'] : undefined;
  return typeof handler === 'string' ? { kind, handler } : undefined;
}

/** Adds a definition for a name that nothing defines, in the file that names it. */
function stubFix(context: FixContext): CodeAction[] {
  const reference = referenceAt(context.contract, context.file, context.offset);
  if (reference === undefined) return [];
  const value = STUBS[reference.kind]?.(reference);
  const section = DEFINITION_SECTIONS.find((candidate) => candidate.kind === reference.kind);
  if (value === undefined || section === undefined) return [];
  const edit = addEntry(context.file, section.path, reference.name, value);
  if (edit === undefined) return [];
  return [quickFix(`Create ${KIND_NOUNS[reference.kind]} '${reference.name}'`, context, [edit])];
}

/** Names a new dead-letter queue in the queue and defines it beside it, on the same broker. */
function deadLetterFix(context: FixContext): CodeAction[] {
  const queuePath = locate(context.file.root, context.offset).path.slice(0, 2);
  const [section, queueName] = queuePath;
  if (section !== 'queues' || typeof queueName !== 'string') return [];
  const existingQueues = context.contract.definitions.get('queue') ?? new Map();
  let name = `${queueName}-dead-letter`;
  for (let suffix = 2; existingQueues.has(name); suffix++) {
    name = `${queueName}-dead-letter-${suffix}`;
  }

  const broker = context.contract.definitions.get('queue')?.get(queueName)?.[0]?.spec['broker'];
  const stub: StubValue = typeof broker === 'string' ? { broker } : {};
  const reference = addEntry(context.file, queuePath, 'deadLetter', name);
  const definition = addEntry(context.file, ['queues'], name, stub);
  if (reference === undefined || definition === undefined) return [];
  return [quickFix(`Add dead-letter queue '${name}'`, context, [reference, definition], true)];
}

/** Declares the route idempotent, or removes its own retry. */
function idempotentFixes(context: FixContext): CodeAction[] {
  const routePath = locate(context.file.root, context.offset).path.slice(0, 2);
  const [section, routeName] = routePath;
  const route = nodeAtPath(context.file.root, routePath);
  if (section !== 'routes' || typeof routeName !== 'string' || route?.kind !== 'map') return [];
  const actions: CodeAction[] = [];

  const declared = route.entry('idempotent');
  const mark =
    declared === undefined
      ? addEntry(context.file, routePath, 'idempotent', true)
      : replaceValue(context.file, declared, 'true');
  if (mark !== undefined)
    actions.push(quickFix(`Mark route '${routeName}' idempotent`, context, [mark]));

  const retry = route.entries().find((entry) => entry.key === 'retry');
  const removal =
    retry === undefined ? undefined : removeEntry(context.file, retry, route.entries());
  if (removal !== undefined) actions.push(retryRemoval(context, routeName, removal));
  return actions;
}

/**
 * Removes the route's own retry. The format has no value that turns off a service's retry, so
 * when the route would then take its service's, the title names that retry and the fix does not
 * claim to resolve the warning.
 */
function retryRemoval(context: FixContext, routeName: string, removal: TextEdit): CodeAction {
  const route = context.contract.definitions
    .get('route')
    ?.get(routeName)
    ?.find((definition) => definition.file === context.file);
  const without = route === undefined ? undefined : { ...route, spec: { ...route.spec } };
  if (without !== undefined) delete without.spec['retry'];
  const inherited =
    without === undefined ? undefined : routePolicy(context.contract, without, 'retry');
  if (inherited === undefined)
    return quickFix(`Remove the retry of route '${routeName}'`, context, [removal]);
  const service = String(without?.spec['service']);
  const title =
    `Remove the retry of route '${routeName}' ` +
    `(it still takes '${inherited.name}' from service '${service}')`;
  return quickFix(title, context, [removal], false, false);
}

/** Removes an unused code from a suppression comment, or the whole comment when it is the only one. */
function unusedSuppressionFix(context: FixContext): CodeAction[] {
  const { file, offset } = context;
  const code = file.text.slice(offset, file.lines.offsetAt(context.diagnostic.range.end));
  const line = file.lines.lineOf(offset);
  const lineStart = file.lines.lineStarts[line]!;
  const lineEnd = file.lines.lineContentEnd(line);
  const others = findSuppressions(file).filter(
    (suppression) =>
      suppression.span.start !== offset && file.lines.lineOf(suppression.span.start) === line,
  );
  if (others.length === 0) {
    const next = file.lines.lineStarts[line + 1] ?? lineEnd;
    const edit = { range: file.lines.rangeOf({ start: lineStart, end: next }), newText: '' };
    return [quickFix('Remove the unused suppression comment', context, [edit], true)];
  }
  const after = /^\s*,\s*/.exec(file.text.slice(offset + code.length, lineEnd));
  const before = /\s*,?\s*$/.exec(file.text.slice(lineStart, offset));
  const span =
    after !== null
      ? { start: offset, end: offset + code.length + after[0].length }
      : { start: offset - (before?.[0].length ?? 0), end: offset + code.length };
  const edit = { range: file.lines.rangeOf(span), newText: '' };
  return [quickFix(`Remove '${code}' from the suppression comment`, context, [edit], true)];
}
