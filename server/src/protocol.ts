/**
 * Requests and notifications beyond LSP, typed once for the server and the extension. The method
 * names all start with `switchboard/`.
 */
import { ProtocolNotificationType, Range, RequestType } from 'vscode-languageserver-protocol';
import type { SimulationSummary } from './sim/results';
import type { SourceLocation } from './sim/sources';
import type { TraceEvent } from './sim/trace';

export interface DocumentTextParams {
  uri: string;
}

export interface DocumentTextResult {
  version: number;
  text: string;
}

/** Returns the text and version the server holds for an open document; for tools and tests. */
export const DocumentTextRequest = new RequestType<
  DocumentTextParams,
  DocumentTextResult | null,
  void
>('switchboard/documentText');

/** Lists the flows of the contract that contains a document, for a picker. */
export interface FlowListParams {
  uri: string;
}

export interface FlowInfo {
  name: string;
  /** The URI of the file that defines the flow. */
  uri: string;
  /** The range of the flow's key, 0-based. */
  range: Range;
}

export const FlowListRequest = new RequestType<FlowListParams, FlowInfo[], void>(
  'switchboard/flows',
);

/**
 * Runs a flow of the contract that contains document `uri`. While it runs, the server sends
 * SimulationProgressNotification with the same `runId`. Cancelling the request stops the run,
 * which then returns its summary with stopReason 'cancelled'. Errors: InvalidParams for an unknown
 * document, flow or seed, or a contract with errors.
 */
export interface SimulateParams {
  uri: string;
  flow: string;
  /** Replaces the flow's own seed; an integer of 0 or more. */
  seed?: number;
  /** Chosen by the client, to match progress notifications to the run. */
  runId: string;
  /** How many trace events to stream, from the start of the run; default 500, at most 5000. */
  traceLimit?: number;
}

export interface SimulateResult {
  runId: string;
  summary: SimulationSummary;
  /** The place in the contract of each `source` index of the trace and summary. */
  sources: SourceLocation[];
  /** Trace events streamed in progress notifications, in all. */
  traceCount: number;
}

export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>(
  'switchboard/simulate',
);

export interface SimulationProgressParams {
  runId: string;
  /** The estimated share of the run done, from 0 to 1. */
  fraction: number;
  /** Virtual milliseconds simulated so far. */
  virtualMs: number;
  events: number;
  /** Trace events new since the last notification, in order. */
  trace: TraceEvent[];
}

export const SimulationProgressNotification = new ProtocolNotificationType<
  SimulationProgressParams,
  void
>('switchboard/simulationProgress');

export interface GenerateClientParams {
  /** The contract file to generate from; its own analysis includes the files it includes. */
  uri: string;
  /** The absolute path of the output folder. */
  outDir: string;
  /** Whether to replace generated files that a person changed since they were generated. */
  overwrite: boolean;
  /** The service whose client the result's `entry` names; the whole contract is generated. */
  service?: string;
}

export interface GenerateClientResult {
  /**
   * 'written': every file was written. 'confirm': some files were changed by a person, so nothing
   * was written and `changed` lists them. 'blocked': the contract has errors or colliding names.
   * 'failed': generation failed, and `message` gives the reason.
   */
  status: 'written' | 'confirm' | 'blocked' | 'failed';
  /** A sentence for the user. */
  message: string;
  /** Absolute paths of the files written. */
  written: string[];
  /** Absolute paths of files a person changed since they were generated, or did not generate. */
  changed: string[];
  /** The absolute path of the file to open: the service's client, or the index. */
  entry?: string;
}

/** Generates the TypeScript client of a contract into a folder. */
export const GenerateClientRequest = new RequestType<
  GenerateClientParams,
  GenerateClientResult,
  void
>('switchboard/generateClient');
export interface ImportDocumentParams {
  /** The file URI of the AsyncAPI or OpenAPI document. */
  uri: string;
  /** The file URI of the contract to write. */
  outUri: string;
  /** Replace the contract file when it exists. */
  force: boolean;
  /** Fetch http and https references, and read files outside the document's folder. */
  allowRemoteRefs: boolean;
}

export interface InteropNoteItem {
  severity: 'error' | 'warning' | 'information';
  message: string;
  uri: string;
  /** 0-based, when the place is known. */
  line?: number;
  character?: number;
}

export interface InteropResult {
  /** Whether the output file was written. */
  written: boolean;
  /** One sentence that says what happened, for a notification. */
  message: string;
  notes: InteropNoteItem[];
}

/** Imports an AsyncAPI or OpenAPI document as a contract file. */
export const ImportDocumentRequest = new RequestType<ImportDocumentParams, InteropResult, void>(
  'switchboard/importDocument',
);

export interface ExportContractParams {
  /** The file URI of the contract's root file. */
  uri: string;
  target: 'asyncapi' | 'openapi';
  /** The file URI of the document to write. */
  outUri: string;
  force: boolean;
}

/** Exports a contract as an AsyncAPI 3.0 or OpenAPI 3.1 document. */
export const ExportContractRequest = new RequestType<ExportContractParams, InteropResult, void>(
  'switchboard/exportContract',
);
