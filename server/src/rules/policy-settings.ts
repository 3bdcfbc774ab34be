import type { Definition } from '../contract/model';
import type { Rule, RuleContext } from './rule';
import { declaredKind, NameOf } from './words';

/** Checks settings of a policy that depend on each other, which the schema cannot express well. */
export const policySettings: Rule = {
  code: 'invalid-policy',
  severity: 'error',
  summary: 'A policy sets contradictory values, or lacks a value that another one needs.',
  kinds: ['policy'],
  checkDefinition(policy, context) {
    const kind = declaredKind(policy);
    if (kind === 'retry') checkRetry(context, policy);
    else if (kind === 'circuit-breaker') checkBreaker(context, policy);
  },
};

function checkRetry(context: RuleContext, policy: Definition): void {
  const { spec } = policy;
  if (spec['attempts'] === undefined && spec['retries'] === undefined) {
    context.reportDefinition(
      policy,
      `${NameOf(policy)} says neither how often to try nor how often to retry; ` +
        'set attempts (calls in all) or retries (calls after the first).',
    );
  }
}

function checkBreaker(context: RuleContext, policy: Definition): void {
  const { spec } = policy;
  const owner = NameOf(policy);
  const triggers = ['consecutiveFailures', 'failureRate', 'slowCallRate'].filter(
    (key) => spec[key] !== undefined,
  );
  if (triggers.length === 0) {
    context.reportDefinition(
      policy,
      `${owner} never opens: set consecutiveFailures, failureRate or slowCallRate.`,
    );
  }
  if (spec['consecutiveFailures'] !== undefined && spec['failureRate'] !== undefined) {
    context.report({
      file: policy.file,
      path: [...policy.path, 'failureRate'],
      at: 'key',
      message: `${owner} sets both consecutiveFailures and failureRate; keep one way of counting failures.`,
    });
  }
  const rateBased = spec['failureRate'] !== undefined || spec['slowCallRate'] !== undefined;
  if (rateBased && spec['window'] === undefined && spec['windowCalls'] === undefined) {
    context.reportDefinition(
      policy,
      `${owner} measures a rate but names no window; set window (a duration) or windowCalls (a count of calls).`,
    );
  }
  if (spec['window'] !== undefined && spec['windowCalls'] !== undefined) {
    context.report({
      file: policy.file,
      path: [...policy.path, 'windowCalls'],
      at: 'key',
      message: `${owner} sets both window and windowCalls; keep one.`,
    });
  }
  if (spec['slowCallRate'] !== undefined && spec['slowCallDuration'] === undefined) {
    context.report({
      file: policy.file,
      path: [...policy.path, 'slowCallRate'],
      at: 'key',
      message: `${owner} sets slowCallRate but not slowCallDuration, the duration above which a call is slow.`,
    });
  }
}
