/**
 * The gRPC side of generated clients, on @grpc/grpc-js: unary calls run through the contract's
 * policies like HTTP calls, with each status code mapped to an outcome as grpcStatusOutcome does;
 * server-streaming calls pass the circuit breaker and carry the method's deadline.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { grpcStatusOutcome } from '../../policy/grpc-status.js';
import type { RandomSource } from '../../policy/random.js';
import { type Clock, systemClock } from './clock.js';
import { CircuitOpenError, SwitchboardError, TimeoutError } from './errors.js';
import { combineHooks, type MetricsHooks, MetricsRecorder } from './metrics.js';
import {
  type AttemptResult,
  type CallPolicySpec,
  PolicyState,
  runWithPolicies,
} from './resilience.js';

export interface GrpcClientOptions {
  /** host:port of the service; defaults to the contract's address. */
  readonly address?: string;
  /** Defaults to insecure credentials, as for a service inside the cluster. */
  readonly credentials?: grpc.ChannelCredentials;
  /** Metadata sent with every call, such as an authorization header. */
  readonly metadata?: () => grpc.Metadata | Promise<grpc.Metadata>;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly hooks?: MetricsHooks;
  readonly channelOptions?: grpc.ChannelOptions;
}

/** A method of the service's .proto with the policies of the contract. */
export interface GrpcMethod extends CallPolicySpec {
  /** The method's name in the .proto file. */
  readonly method: string;
}

/** A failed gRPC call; `code` is the gRPC status code. */
export class GrpcError extends SwitchboardError {
  override name = 'GrpcError';

  constructor(
    readonly call: string,
    readonly code: number,
    readonly details: string,
  ) {
    super(`${call} failed with gRPC status ${code}: ${details}`, grpcStatusOutcome(code));
  }
}

export interface GrpcCallOptions {
  readonly signal?: AbortSignal;
}

/** Options of proto-loader: field names as the .proto writes them, 64-bit integers as strings. */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

type UnaryCallback = (error: grpc.ServiceError | null, response: unknown) => void;
type RawMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback?: UnaryCallback,
) => grpc.ClientUnaryCall | grpc.ClientReadableStream<unknown>;

const mathRandom: RandomSource = { next: () => Math.random() };

/** Sends the calls of one generated gRPC client and keeps its breakers, bulkheads and metrics. */
export class GrpcTransport {
  /** The client's call count, errors and latencies per method name. */
  readonly metrics = new MetricsRecorder();
  private readonly state: PolicyState;
  private readonly client: grpc.Client;

  /**
   * `descriptor` is the .proto as protobuf.js JSON, and `service` the service's full name, such as
   * 'shop.inventory.Inventory'.
   */
  constructor(
    descriptor: object,
    service: string,
    private readonly options: GrpcClientOptions,
    defaultAddress: string | undefined,
  ) {
    const address = options.address ?? defaultAddress;
    if (address === undefined) {
      throw new Error(
        `The contract names no address of ${service}, so set address in the client options.`,
      );
    }
    const definition = protoLoader.fromJSON(descriptor as never, LOADER_OPTIONS);
    const loaded = grpc.loadPackageDefinition(definition);
    let found: unknown = loaded;
    for (const part of service.split('.'))
      found = (found as Record<string, unknown> | undefined)?.[part];
    if (typeof found !== 'function')
      throw new Error(`Service ${service} is not in the .proto descriptor.`);
    const Constructor = found as grpc.ServiceClientConstructor;
    this.client = new Constructor(
      address,
      options.credentials ?? grpc.credentials.createInsecure(),
      options.channelOptions ?? {},
    );
    this.state = new PolicyState(
      options.clock ?? systemClock,
      options.random ?? mathRandom,
      combineHooks(this.metrics, options.hooks),
    );
  }

  /** Makes a unary call under the method's policies. */
  async unary(
    method: GrpcMethod,
    request: unknown,
    options: GrpcCallOptions = {},
  ): Promise<unknown> {
    const metadata = await this.metadata();
    return runWithPolicies(
      this.state,
      method,
      (signal) => this.attempt(method, request, metadata, signal),
      (timeoutMs) => new TimeoutError(method.method, timeoutMs),
      options.signal,
    );
  }

  /**
   * Starts a server-streaming call. The breaker is asked once, at the start, and learns the
   * stream's outcome at its end. NOTE: a stream is not retried, because the messages already
   * received cannot be taken back.
   */
  async *serverStream(
    method: GrpcMethod,
    request: unknown,
    options: GrpcCallOptions = {},
  ): AsyncGenerator<unknown> {
    const clock = this.state.clock;
    const breaker = method.breaker === undefined ? undefined : this.state.breaker(method.breaker);
    const startMs = clock.now();
    if (breaker !== undefined && !breaker.tryAcquire(startMs)) {
      throw new CircuitOpenError(method.method, method.breaker?.name ?? '');
    }
    const raw = this.raw(method);
    const callOptions = this.deadline(Math.min(method.attemptTimeoutMs, method.totalTimeoutMs));
    const stream = raw(
      request,
      await this.metadata(),
      callOptions,
    ) as grpc.ClientReadableStream<unknown>;
    const onAbort = (): void => stream.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let outcome: number | 'timeout' = 200;
    try {
      for await (const message of stream) yield message;
    } catch (error) {
      const serviceError = error as grpc.ServiceError;
      const code = typeof serviceError.code === 'number' ? serviceError.code : grpc.status.UNKNOWN;
      outcome = grpcStatusOutcome(code) as number | 'timeout';
      if (options.signal?.aborted === true) throw options.signal.reason;
      throw new GrpcError(method.method, code, serviceError.details ?? serviceError.message);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      stream.cancel();
      const endMs = clock.now();
      breaker?.onOutcome(endMs, outcome, endMs - startMs);
      const failed = outcome !== 200;
      this.state.hooks.onCall?.({
        key: method.name,
        outcome,
        failed,
        durationMs: endMs - startMs,
        attempts: 1,
      });
    }
  }

  /** Closes the channel; calls after this fail. */
  close(): void {
    this.client.close();
  }

  private async metadata(): Promise<grpc.Metadata> {
    return (await this.options.metadata?.()) ?? new grpc.Metadata();
  }

  private raw(method: GrpcMethod): RawMethod {
    const raw = (this.client as unknown as Record<string, RawMethod | undefined>)[method.method];
    if (raw === undefined)
      throw new Error(`Method ${method.method} is not in the .proto descriptor.`);
    return raw.bind(this.client);
  }

  private deadline(limitMs: number): grpc.CallOptions {
    return limitMs === Infinity
      ? {}
      : { deadline: new Date(this.state.clock.epochNow() + limitMs) };
  }

  private attempt(
    method: GrpcMethod,
    request: unknown,
    metadata: grpc.Metadata,
    signal: AbortSignal,
  ): Promise<AttemptResult<unknown>> {
    return new Promise((resolve, reject) => {
      const call = this.raw(method)(request, metadata, {}, (error, response) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) {
          reject(signal.reason);
        } else if (error === null) {
          resolve({ outcome: 200, failed: false, value: response });
        } else {
          const failure = new GrpcError(method.method, error.code, error.details);
          resolve({ outcome: failure.outcome, failed: true, error: failure });
        }
      });
      const onAbort = (): void => call.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * The request a caller passes: every field may be left out, as proto3 allows, and message fields
 * nest the same way.
 */
export type ProtoInput<T> = {
  [Key in keyof T]?: T[Key] extends ReadonlyArray<infer Item>
    ? ReadonlyArray<ProtoInput<Item>>
    : T[Key] extends object | null
      ? ProtoInput<NonNullable<T[Key]>> | null
      : T[Key];
};
