import { isIdempotent, routePolicy } from '../contract/routes';
import type { Rule } from './rule';
import { NameOf } from './words';

export const retryIdempotent: Rule = {
  code: 'retry-not-idempotent',
  severity: 'warning',
  summary:
    'A route retries a request that is not idempotent, so a retry after a lost response repeats its effect.',
  kinds: ['route'],
  checkDefinition(route, context) {
    const retry = routePolicy(context.contract, route, 'retry', context.lookup);
    if (retry === undefined || isIdempotent(route)) return;
    const method = String(route.spec['method']);
    const origin = retry.own ? '' : ` (taken from service '${String(route.spec['service'])}')`;
    context.report({
      file: route.file,
      path: retry.own ? [...route.path, 'retry'] : route.path,
      at: retry.own ? 'value' : 'key',
      message:
        `${NameOf(route)} retries ${method} ${String(route.spec['path'])} with '${retry.name}'${origin}, ` +
        'but the request is not idempotent: a retry after a lost response repeats its effect. ' +
        'Set idempotent: true if repeating it is safe, or remove the retry.',
      data: { fix: 'idempotent', inherited: !retry.own },
    });
  },
};
