/**
 * Runs a flow's calls through a generated HTTP client against a ScriptedServer, in virtual time,
 * and records the client's attempts and breaker changes in the simulator's record format.
 */
import { strict as assert } from 'node:assert';
import type { CircuitState } from '../../server/src/policy/breaker';
import type { Outcome } from '../../server/src/policy/outcome';
import { seededRandom } from '../../server/src/policy/random';
import type { AttemptRecord, BreakerChange } from '../../server/src/sim/attempts';
import type { ScriptedAnswer } from '../../server/src/sim/services';
import { ATTEMPT_HEADER, ScriptedServer } from './scripted-server';
import { VirtualTime } from './virtual-time';

/** The header that carries the call's correlation id, from 1 as in the simulator. */
const CALL_HEADER = 'x-call';

type CallMethod = (options: { headers: Record<string, string> }) => Promise<unknown>;

export interface ClientRun {
  readonly attempts: AttemptRecord[];
  readonly breakers: BreakerChange[];
}

export interface ClientRunOptions {
  /** Builds the generated client with the given options. */
  readonly client: (options: object) => Record<string, unknown>;
  /** The client method of the flow's route. */
  readonly method: string;
  readonly script: readonly ScriptedAnswer[];
  /** The answer once the script has run out, the service's modelled one. */
  readonly fallback: ScriptedAnswer;
  /** The seed of the jitter's random source: the flow's seed. */
  readonly seed: number;
  /** The flow's calls, started `gapMs` apart from time 0. */
  readonly calls: number;
  readonly gapMs: number;
}

interface OpenAttempt {
  id: number;
  attempt: number;
  startMs: number;
  endMs: number;
  outcome: string;
}

/**
 * Records one run. The client's hooks name the route but not the call, so they apply to the call
 * in progress, and a call that starts before the previous one ended fails the run.
 */
class Recorder {
  readonly records: OpenAttempt[] = [];
  readonly breakers: BreakerChange[] = [];
  readonly waiting = new Set<string>();
  current = 0;
  private readonly finished = new Set<number>();

  constructor(private readonly time: VirtualTime) {}

  attemptsOf(id: number): OpenAttempt[] {
    return this.records.filter((record) => record.id === id);
  }

  startCall(id: number): void {
    assert.ok(this.current === 0 || this.finished.has(this.current), `call ${id} overlaps`);
    this.current = id;
  }

  finishCall(id: number): void {
    this.finished.add(id);
  }

  readonly hooks = {
    onRetry: (_route: string, attempt: number, _delayMs: number, outcome: Outcome) => {
      this.attemptsOf(this.current)[attempt - 1]!.outcome = String(outcome);
    },
    onCall: (record: { outcome: Outcome }) => {
      const now = this.time.now();
      const attempts = this.attemptsOf(this.current);
      if (record.outcome === 'circuit-open') {
        this.records.push({
          id: this.current,
          attempt: attempts.length + 1,
          startMs: now,
          endMs: now,
          outcome: 'circuit-open',
        });
      } else {
        attempts[attempts.length - 1]!.outcome = String(record.outcome);
      }
    },
    onBreakerTransition: (breaker: string, _from: CircuitState, to: CircuitState, atMs: number) => {
      this.breakers.push({ timeMs: atMs, breaker, to });
    },
  };

  /** The platform fetch, with each attempt named for the server and timed on the clock. */
  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = init.headers as Record<string, string>;
    const id = Number(headers[CALL_HEADER]);
    const record = {
      id,
      attempt: this.attemptsOf(id).length + 1,
      startMs: this.time.now(),
      endMs: NaN,
      outcome: 'unknown',
    };
    this.records.push(record);
    const key = `${id}.${record.attempt}`;
    const signal = init.signal ?? undefined;
    const onAbort = (): void => this.time.begin(`abort ${key}`);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.waiting.add(key);
    this.time.begin(`request ${key}`);
    try {
      const response = await fetch(input, {
        ...init,
        headers: { ...headers, [ATTEMPT_HEADER]: key },
      });
      // Reading the whole body here leaves the client no I/O to wait for after this returns.
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, headers: response.headers });
    } finally {
      record.endMs = this.time.now();
      this.waiting.delete(key);
      signal?.removeEventListener('abort', onAbort);
      for (const token of ['request', 'answer', 'abort']) this.time.end(`${token} ${key}`);
    }
  };
}

/** Runs the calls, each at its time, and returns the attempts in start order. */
export async function runClient(options: ClientRunOptions): Promise<ClientRun> {
  const time = new VirtualTime();
  const recorder = new Recorder(time);
  const server = new ScriptedServer(time, (key) => recorder.waiting.has(key), options.fallback);
  const baseUrl = await server.start();
  server.follow(options.script);
  try {
    const client = options.client({
      baseUrl,
      clock: time,
      random: seededRandom(options.seed),
      fetch: recorder.fetch,
      hooks: recorder.hooks,
    });
    const method = (client[options.method] as CallMethod).bind(client);
    const calls: Array<Promise<unknown>> = [];
    for (let id = 1; id <= options.calls; id++) {
      time.setTimer(
        () => {
          recorder.startCall(id);
          const done = (): void => recorder.finishCall(id);
          calls.push(method({ headers: { [CALL_HEADER]: String(id) } }).then(done, done));
        },
        (id - 1) * options.gapMs,
      );
    }
    await time.run();
    await Promise.all(calls);
  } finally {
    await server.stop();
  }
  return { attempts: withDelays(recorder.records), breakers: recorder.breakers };
}

/** Adds each attempt's wait after the end of the previous attempt of its call, as attemptLog does. */
function withDelays(records: readonly OpenAttempt[]): AttemptRecord[] {
  const lastEndMs = new Map<number, number>();
  return [...records]
    .sort((a, b) => a.startMs - b.startMs || a.id - b.id || a.attempt - b.attempt)
    .map((record) => {
      const delayMs = record.attempt === 1 ? 0 : record.startMs - lastEndMs.get(record.id)!;
      lastEndMs.set(record.id, record.endMs);
      return { ...record, delayMs };
    });
}
