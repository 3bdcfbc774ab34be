import type { Definition } from '../contract/model';
import { routePolicy } from '../contract/routes';
import {
  formatDuration,
  normalizeRetryPolicy,
  parseDuration,
  PolicySpec,
  resolveTimeout,
  RetryPolicy,
  RetryPolicySpec,
  worstCase,
  WorstCase,
} from '../policy';
import { memoByObject } from './memo';
import type { Rule, RuleContext } from './rule';
import { declaredKind, isString, NameOf } from './words';

/**
 * Warns when a retry schedule can outlast the timeout around it: a route's retries against the
 * route's timeout, and a command's queue redeliveries against its reply timeout. The worst case
 * assumes that every attempt runs to its own timeout and every wait is at its upper bound.
 */
export const retryTimeout: Rule = {
  code: 'retry-exceeds-timeout',
  severity: 'warning',
  summary:
    'The worst case of a retry schedule is longer than the timeout that bounds it, so later attempts never run.',
  kinds: ['route', 'message'],
  checkDefinition(definition, context) {
    if (definition.kind === 'route') checkRoute(context, definition);
    else checkRedeliveries(context, definition);
  },
};

function checkRoute(context: RuleContext, route: Definition): void {
  const { contract, lookup } = context;
  const retryName = routePolicy(contract, route, 'retry', lookup);
  const retry = retryName === undefined ? undefined : lookup('policy', retryName.name);
  if (retry === undefined || declaredKind(retry) !== 'retry') return;

  const serviceName = route.spec['service'];
  const service = typeof serviceName === 'string' ? lookup('service', serviceName) : undefined;
  const gatewayTimeout = context.setting(['gateway', 'timeout'], isString);
  const find = (name: string) => lookup('policy', name)?.spec as PolicySpec | undefined;
  let totalMs: number;
  let attemptMs: number;
  let policy;
  try {
    totalMs = resolveTimeout(stringOrUndefined(route.spec['timeout']) ?? gatewayTimeout, find);
    attemptMs = resolveTimeout(stringOrUndefined(service?.spec['timeout']), find);
    policy = normalizedRetry(retry.spec);
  } catch {
    // Unknown names and invalid policies are reported by the rules that own them.
    return;
  }
  if (totalMs === Infinity) return;

  const worst = worstCaseOf(policy, attemptMs === Infinity ? 0 : attemptMs);
  const exceeds = attemptMs === Infinity ? worst.uncappedMs >= totalMs : worst.uncappedMs > totalMs;
  if (!exceeds) return;
  const timeoutText = formatDuration(totalMs);
  const sum =
    attemptMs === Infinity
      ? `its waits alone add up to ${worst.waitsMs.map(formatDuration).join(' + ')} = ${formatDuration(worst.uncappedMs)}`
      : worst.arithmetic;
  context.report({
    file: route.file,
    path: retryName!.own ? [...route.path, 'retry'] : route.path,
    at: retryName!.own ? 'value' : 'key',
    message:
      `${NameOf(route)} can spend longer retrying with '${retry.name}' than its timeout allows: ` +
      `${sum} > ${timeoutText} timeout, so the last attempts never run. ` +
      'Lengthen the route timeout, or use fewer attempts or shorter waits.',
  });
}

function checkRedeliveries(context: RuleContext, message: Definition): void {
  const kind = declaredKind(message);
  if (kind !== 'command' && kind !== 'query') return;
  const replyTimeout = stringOrUndefined(message.spec['replyTimeout']);
  const queueName = stringOrUndefined(message.spec['queue']);
  const queue = queueName === undefined ? undefined : context.lookup('queue', queueName);
  if (replyTimeout === undefined || queue === undefined) return;
  const deliveries = queue.spec['maxDeliveries'];
  if (typeof deliveries !== 'number' || deliveries < 2) return;

  let replyMs: number;
  let ackMs: number;
  let delayMs: number;
  try {
    replyMs = parseDuration(replyTimeout);
    ackMs = parseOptionalDuration(queue.spec['ackTimeout']);
    delayMs = parseOptionalDuration(queue.spec['redeliveryDelay']);
  } catch {
    return;
  }
  const totalMs = deliveries * ackMs + (deliveries - 1) * delayMs;
  if (totalMs <= replyMs) return;
  const terms = [
    ackMs > 0 ? `${deliveries} deliveries x ${formatDuration(ackMs)}` : `${deliveries} deliveries`,
    delayMs > 0 ? `${deliveries - 1} x ${formatDuration(delayMs)} redelivery delay` : undefined,
  ].filter((term) => term !== undefined);
  context.report({
    file: message.file,
    path: [...message.path, 'replyTimeout'],
    message:
      `${NameOf(message)} waits ${formatDuration(replyMs)} for its reply, but queue '${queue.name}' can take ` +
      `${terms.join(' + ')} = ${formatDuration(totalMs)} to deliver it, so the sender gives up before the last ` +
      'deliveries. Lengthen replyTimeout, or lower maxDeliveries or the delays.',
  });
}

const normalizedRetry = memoByObject((spec: object) =>
  normalizeRetryPolicy(spec as RetryPolicySpec),
);

const worstCases = new WeakMap<RetryPolicy, Map<number, WorstCase>>();

function worstCaseOf(policy: RetryPolicy, attemptMs: number): WorstCase {
  let byAttempt = worstCases.get(policy);
  if (byAttempt === undefined) worstCases.set(policy, (byAttempt = new Map()));
  let worst = byAttempt.get(attemptMs);
  if (worst === undefined) byAttempt.set(attemptMs, (worst = worstCase(policy, attemptMs)));
  return worst;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function parseOptionalDuration(value: unknown): number {
  return typeof value === 'string' ? parseDuration(value) : 0;
}
