/**
 * The messages between the simulation panel's page and its host in the extension. The host checks
 * every message from the page with parsePageMessage before it acts, because the page renders
 * contract text and is treated as untrusted.
 */
import type { FlowInfo, SimulateResult } from '../../../server/src/protocol';
import type { TraceEvent } from '../../../server/src/sim/trace';

/** Messages from the page to the host. */
export type PageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'run'; readonly flow: string; readonly seed: number | undefined }
  | { readonly type: 'cancel' }
  | { readonly type: 'reveal'; readonly source: number };

/** Messages from the host to the page. */
export type HostMessage =
  | {
      readonly type: 'flows';
      readonly contract: string;
      readonly flows: readonly FlowInfo[];
      readonly selected: string | undefined;
    }
  | {
      readonly type: 'started';
      readonly runId: string;
      readonly flow: string;
      readonly seed: number | undefined;
    }
  | {
      readonly type: 'progress';
      readonly runId: string;
      readonly fraction: number;
      readonly virtualMs: number;
      readonly trace: readonly TraceEvent[];
    }
  | { readonly type: 'result'; readonly result: SimulateResult }
  | { readonly type: 'failed'; readonly runId: string | undefined; readonly message: string };

/**
 * Returns the message if `value` is a well-formed PageMessage, else undefined. A flow name must be
 * one of `flows`, and a source index must lie in [0, sourceCount).
 */
export function parsePageMessage(
  value: unknown,
  flows: readonly string[],
  sourceCount: number,
): PageMessage | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const message = value as Record<string, unknown>;
  switch (message['type']) {
    case 'ready':
    case 'cancel':
      return hasOnlyKeys(message, ['type']) ? { type: message['type'] } : undefined;
    case 'run': {
      if (!hasOnlyKeys(message, ['type', 'flow', 'seed'])) return undefined;
      const flow = message['flow'];
      const seed = message['seed'];
      if (typeof flow !== 'string' || !flows.includes(flow)) return undefined;
      if (seed !== undefined && seed !== null && !isCount(seed)) return undefined;
      return { type: 'run', flow, seed: isCount(seed) ? seed : undefined };
    }
    case 'reveal': {
      if (!hasOnlyKeys(message, ['type', 'source'])) return undefined;
      const source = message['source'];
      if (!isCount(source) || source >= sourceCount) return undefined;
      return { type: 'reveal', source };
    }
    default:
      return undefined;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function hasOnlyKeys(message: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(message).every((key) => allowed.includes(key));
}
