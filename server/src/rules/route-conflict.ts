import { definitionsOf, Definition } from '../contract/model';
import { parsePathTemplate, pathShape } from '../contract/paths';
import type { Rule } from './rule';
import { nameOf, NameOf } from './words';

/**
 * Reports routes that no request can tell apart: the same method and the same path once parameter
 * names are erased. `/users/{id}` and `/users/{name}` conflict; `/users/me` does not conflict with
 * either, because a literal segment wins over a parameter.
 */
export const routeConflict: Rule = {
  code: 'route-conflict',
  severity: 'error',
  summary:
    'Two routes have the same method and the same path shape, so no request can tell them apart.',
  inputs: ['route'],
  signature: (route) => JSON.stringify([route.spec['method'], route.spec['path']]),
  check(context) {
    const seen = new Map<string, Definition>();
    for (const route of definitionsOf(context.contract, 'route')) {
      const method = route.spec['method'];
      const path = route.spec['path'];
      if (typeof method !== 'string' || typeof path !== 'string') continue;
      const shape = pathShape(parsePathTemplate(path));
      const key = `${method} ${shape}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, route);
        continue;
      }
      context.report({
        file: route.file,
        path: [...route.path, 'path'],
        message:
          `${NameOf(route)} conflicts with ${nameOf(first)}: both match ${method} ${shape}, ` +
          'so a request cannot tell them apart. Change a literal segment, or merge the routes.',
        related: [
          {
            file: first.file,
            path: [...first.path, 'path'],
            at: 'value',
            message: `${NameOf(first)} matches the same requests`,
          },
        ],
      });
    }
  },
};
