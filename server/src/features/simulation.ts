/**
 * Runs simulation flows for the editor: lists a contract's flows, and runs one in the server while
 * streaming its first trace events and progress, until it ends or the client cancels it.
 */
import {
  CancellationToken,
  CodeLens,
  Connection,
  ErrorCodes,
  ResponseError,
} from 'vscode-languageserver/node';
import type { Contract } from '../contract/model';
import { buildContract, definitionsOf } from '../contract/model';
import { entryAtPath } from '../contract/tree';
import {
  FlowInfo,
  FlowListRequest,
  SimulateParams,
  SimulateRequest,
  SimulateResult,
  SimulationProgressNotification,
} from '../protocol';
import { SimulationError } from '../sim/compile';
import { runFlowAsync } from '../sim/run';
import type { TraceEvent } from '../sim/trace';
import type { ContractWorkspace } from '../workspace/workspace';

export const DEFAULT_STREAMED_EVENTS = 500;
export const MAX_STREAMED_EVENTS = 5000;

/** The command a code lens above each flow runs, with the arguments [uri, flowName]. */
export const SIMULATE_FLOW_COMMAND = 'switchboard.simulateFlow';

export function registerSimulation(connection: Connection, workspace: ContractWorkspace): void {
  connection.onCodeLens(({ textDocument }) => flowLenses(workspace, textDocument.uri));
  connection.onRequest(FlowListRequest, ({ uri }) => listFlows(contractOf(workspace, uri, false)));
  connection.onRequest(SimulateRequest, (params, token) =>
    simulate(connection, workspace, params, token),
  );
}

/** Returns a 'Simulate' lens above each flow defined in the document. */
function flowLenses(workspace: ContractWorkspace, uri: string): CodeLens[] {
  const file = workspace.get(uri);
  if (file === undefined) return [];
  const flows = buildContract([file]);
  return listFlows(flows)
    .filter((flow) => flow.uri === uri)
    .map((flow) => ({
      range: flow.range,
      command: { title: 'Simulate', command: SIMULATE_FLOW_COMMAND, arguments: [uri, flow.name] },
    }));
}

function listFlows(contract: Contract): FlowInfo[] {
  return definitionsOf(contract, 'flow').map((flow) => {
    const entry = entryAtPath(flow.file.root, flow.path);
    const span = entry?.keySpan ?? { start: 0, end: 0 };
    return { name: flow.name, uri: flow.file.uri, range: flow.file.lines.rangeOf(span) };
  });
}

async function simulate(
  connection: Connection,
  workspace: ContractWorkspace,
  params: SimulateParams,
  token: CancellationToken,
): Promise<SimulateResult> {
  const traceLimit = params.traceLimit ?? DEFAULT_STREAMED_EVENTS;
  if (!Number.isInteger(traceLimit) || traceLimit < 0 || traceLimit > MAX_STREAMED_EVENTS) {
    throw invalid(
      `Invalid traceLimit ${JSON.stringify(params.traceLimit)}: write an integer from 0 to ${MAX_STREAMED_EVENTS}.`,
    );
  }
  if (params.seed !== undefined && (!Number.isSafeInteger(params.seed) || params.seed < 0)) {
    throw invalid(
      `Invalid seed ${JSON.stringify(params.seed)}: write an integer of 0 or more, such as 42.`,
    );
  }
  const contract = contractOf(workspace, params.uri, true);
  let streamed = 0;
  let lastFraction = 0;
  const sendNew = (
    kept: readonly TraceEvent[],
    fraction: number,
    virtualMs: number,
    events: number,
  ) => {
    const trace = kept.slice(streamed);
    lastFraction = fraction;
    streamed = kept.length;
    void connection.sendNotification(SimulationProgressNotification, {
      runId: params.runId,
      fraction,
      virtualMs,
      events,
      trace,
    });
  };
  try {
    const run = await runFlowAsync(contract, params.flow, {
      seed: params.seed,
      traceLimit,
      isCancelled: () => token.isCancellationRequested,
      onProgress: (fraction, sim) => sendNew(sim.trace.kept, fraction, sim.now, sim.events),
    });
    const done = run.summary.stopReason === 'cancelled' ? lastFraction : 1;
    sendNew(run.trace, done, run.summary.virtualMs, run.summary.events);
    connection.console.info(
      `Simulated flow '${params.flow}' of ${params.uri}: ${run.summary.stopReason}, ` +
        `${run.summary.events} events, ${run.summary.expectations.filter((result) => !result.passed).length} expectations failed.`,
    );
    return {
      runId: params.runId,
      summary: run.summary,
      sources: [...run.sources],
      traceCount: streamed,
    };
  } catch (error) {
    if (error instanceof SimulationError) {
      connection.console.warn(
        `Cannot simulate flow '${params.flow}' of ${params.uri}: ${error.message}`,
      );
      throw invalid(error.message);
    }
    connection.console.error(
      `Simulating flow '${params.flow}' of ${params.uri} failed: ${String(error)}`,
    );
    throw error;
  }
}

/**
 * Returns the contract that contains `uri`. With `strict`, it throws a ResponseError unless the
 * contract has no errors.
 */
function contractOf(workspace: ContractWorkspace, uri: string, strict: boolean): Contract {
  const root = workspace.rootsOf(uri)[0] ?? uri;
  const analysis = workspace.analyze(root);
  if (analysis === undefined)
    throw invalid(`Cannot read ${uri}: open it or check that the file exists.`);
  if (!strict) return analysis.contract;
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw invalid(
      `Cannot simulate ${root}: it has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}, ` +
        `the first: ${errors[0]!.message} Fix them first; the Problems view lists them.`,
    );
  }
  return analysis.contract;
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
