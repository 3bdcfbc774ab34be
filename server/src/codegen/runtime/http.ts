/**
 * The HTTP side of generated clients: builds each request from a route, sends it with the platform
 * fetch, and maps responses and failures to policy outcomes. runWithPolicies applies the policies.
 */
import type { Outcome } from '../../policy/outcome.js';
import type { RandomSource } from '../../policy/random.js';
import { parseRetryAfter } from '../../policy/retry.js';
import { type Clock, systemClock } from './clock.js';
import { ConnectionError, HttpError, TimeoutError } from './errors.js';
import { combineHooks, type MetricsHooks, MetricsRecorder } from './metrics.js';
import {
  type AttemptResult,
  type CallPolicySpec,
  PolicyState,
  runWithPolicies,
} from './resilience.js';

/**
 * Returns the bearer token of an authentication scheme of the contract, such as 'customer', or
 * undefined when there is none.
 */
export type TokenProvider = (scheme: string) => string | undefined | Promise<string | undefined>;

export interface HttpClientOptions {
  /** The URL the route paths are appended to; defaults to the contract's gateway URL. */
  readonly baseUrl?: string;
  readonly tokenProvider?: TokenProvider;
  /** Headers sent with every request, such as a user agent. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch function; defaults to the platform's. */
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  /** The source of retry jitter; defaults to Math.random. */
  readonly random?: RandomSource;
  /** Hooks called as calls finish, beside the client's own metrics recorder. */
  readonly hooks?: MetricsHooks;
}

/** A route of the contract with the policies that apply to it. */
export interface HttpRoute extends CallPolicySpec {
  readonly method: string;
  /** The path template, such as '/orders/{orderId}'. */
  readonly path: string;
  /** The authentication scheme whose token the request carries; undefined for none. */
  readonly auth?: string;
}

/** The parts of one request; every name is the wire name the contract writes. */
export interface HttpRequestParts {
  readonly path?: Readonly<Record<string, string | number | boolean>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/** Options of one call. */
export interface CallOptions {
  /** Cancels the call, its retries and its waits. */
  readonly signal?: AbortSignal;
  readonly headers?: Readonly<Record<string, string>>;
}

const mathRandom: RandomSource = { next: () => Math.random() };

/** Sends the requests of one generated client and keeps its breakers, bulkheads and metrics. */
export class HttpTransport {
  /** The client's call count, errors and latencies per route name. */
  readonly metrics = new MetricsRecorder();
  private readonly state: PolicyState;
  private readonly baseUrl: string;
  private readonly fetchFunction: typeof fetch;

  constructor(
    private readonly options: HttpClientOptions,
    defaultBaseUrl: string | undefined,
  ) {
    const baseUrl = options.baseUrl ?? defaultBaseUrl;
    if (baseUrl === undefined) {
      throw new Error('The contract names no gateway URL, so set baseUrl in the client options.');
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchFunction = options.fetch ?? fetch;
    this.state = new PolicyState(
      options.clock ?? systemClock,
      options.random ?? mathRandom,
      combineHooks(this.metrics, options.hooks),
    );
  }

  /** Sends a request along a route and returns the parsed JSON body, or undefined when empty. */
  async call(
    route: HttpRoute,
    parts: HttpRequestParts,
    options: CallOptions = {},
  ): Promise<unknown> {
    const url = this.baseUrl + expandPath(route, parts.path ?? {}) + queryString(parts.query);
    const headers = await this.headersFor(route, parts, options);
    const body = parts.body === undefined ? undefined : JSON.stringify(parts.body);
    return runWithPolicies(
      this.state,
      route,
      (signal, attempt) =>
        this.attempt(route, url, { method: route.method, headers, body, signal }, attempt),
      (timeoutMs) => new TimeoutError(`${route.method} ${route.path}`, timeoutMs),
      options.signal,
    );
  }

  private async headersFor(
    route: HttpRoute,
    parts: HttpRequestParts,
    options: CallOptions,
  ): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    if (parts.body !== undefined) headers['content-type'] = 'application/json';
    if (route.auth !== undefined) {
      const token = await this.options.tokenProvider?.(route.auth);
      if (token === undefined) {
        throw new Error(
          `Route '${route.name}' needs a token of authentication scheme '${route.auth}', but the ` +
            'tokenProvider option returned none; pass a tokenProvider that returns it.',
        );
      }
      headers['authorization'] = `Bearer ${token}`;
    }
    return { ...headers, ...options.headers };
  }

  private async attempt(
    route: HttpRoute,
    url: string,
    init: {
      method: string;
      headers: Record<string, string>;
      body: string | undefined;
      signal: AbortSignal;
    },
    attempt: number,
  ): Promise<AttemptResult<unknown>> {
    const call = `${route.method} ${route.path}`;
    let response: Response;
    try {
      response = await this.fetchFunction(url, {
        method: init.method,
        headers: init.headers,
        signal: init.signal,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    } catch (error) {
      if (init.signal.aborted) throw error;
      return {
        outcome: 'connection-error',
        failed: true,
        error: new ConnectionError(call, error, attempt),
      };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (init.signal.aborted) throw error;
      return {
        outcome: 'connection-error',
        failed: true,
        error: new ConnectionError(call, error, attempt),
      };
    }
    const outcome: Outcome = response.status;
    if (response.status >= 400) {
      const retryAfter = response.headers.get('retry-after');
      const retryAfterMs =
        retryAfter === null ? undefined : parseRetryAfter(retryAfter, this.state.clock.epochNow());
      const error = new HttpError(call, response.status, text, attempt);
      return {
        outcome,
        failed: true,
        error,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    }
    return { outcome, failed: false, value: parseBody(call, text) };
  }
}

function parseBody(call: string, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${call} returned a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** Fills in the path template; every value is percent-encoded, so '/' cannot add a segment. */
export function expandPath(
  route: Pick<HttpRoute, 'path' | 'name'>,
  values: Readonly<Record<string, string | number | boolean>>,
): string {
  return route.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) {
      throw new Error(
        `Route '${route.name}' needs path parameter '${name}', but the call has none.`,
      );
    }
    return encodeURIComponent(String(value));
  });
}

/** Writes query parameters; undefined values are left out and arrays repeat their name. */
export function queryString(query: Readonly<Record<string, unknown>> | undefined): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const item of values)
      search.append(name, typeof item === 'string' ? item : JSON.stringify(item));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
