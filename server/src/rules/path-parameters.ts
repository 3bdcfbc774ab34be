import { isObject } from '../contract/model';
import { parsePathTemplate } from '../contract/paths';
import type { Rule } from './rule';
import { NameOf } from './words';

/**
 * Checks a route's path template against its service path: a parameter named twice, a parameter
 * the service path drops, a service path parameter the route cannot fill, and declared parameters
 * that the path lacks.
 */
export const pathParameters: Rule = {
  code: 'invalid-path-template',
  severity: 'error',
  summary:
    'A route path or service path is not a valid template, or its parameters do not line up.',
  alsoReports: {
    'duplicate-path-parameter': {
      severity: 'error',
      summary: 'A path names the same parameter twice.',
    },
    'path-parameter-not-forwarded': {
      severity: 'warning',
      summary: 'A route takes a path parameter that its service path does not receive.',
    },
    'unknown-path-parameter': {
      severity: 'error',
      summary: 'A service path or parameter list names a parameter the route path does not have.',
    },
  },
  kinds: ['route'],
  checkDefinition(route, context) {
    const path = route.spec['path'];
    if (typeof path !== 'string') return;
    const template = parsePathTemplate(path);
    const owner = NameOf(route);
    for (const error of template.errors) {
      context.report({
        file: route.file,
        path: [...route.path, 'path'],
        message: `${owner}: ${error}`,
      });
    }

    const seen = new Set<string>();
    for (const name of template.parameters) {
      if (seen.has(name)) {
        context.report({
          file: route.file,
          path: [...route.path, 'path'],
          code: 'duplicate-path-parameter',
          message: `${owner} names the path parameter '${name}' twice; each parameter needs its own name.`,
        });
      }
      seen.add(name);
    }

    const servicePath = route.spec['servicePath'];
    if (typeof servicePath === 'string') {
      const target = parsePathTemplate(servicePath);
      for (const error of target.errors) {
        context.report({
          file: route.file,
          path: [...route.path, 'servicePath'],
          message: `${owner}: ${error}`,
        });
      }
      for (const name of new Set(template.parameters)) {
        if (target.parameters.includes(name)) continue;
        context.report({
          file: route.file,
          path: [...route.path, 'servicePath'],
          code: 'path-parameter-not-forwarded',
          message:
            `${owner} takes the path parameter '${name}', but its service path ${servicePath} ` +
            `does not receive it, so the service never sees the value. Add {${name}} to servicePath.`,
        });
      }
      for (const name of new Set(target.parameters)) {
        if (seen.has(name)) continue;
        context.report({
          file: route.file,
          path: [...route.path, 'servicePath'],
          code: 'unknown-path-parameter',
          message:
            `The service path of ${owner.charAt(0).toLowerCase() + owner.slice(1)} uses {${name}}, ` +
            `but the route path ${path} has no such parameter to fill it from.`,
        });
      }
    }

    const declared = route.spec['parameters'];
    if (isObject(declared)) {
      for (const name of Object.keys(declared)) {
        if (seen.has(name)) continue;
        context.report({
          file: route.file,
          path: [...route.path, 'parameters', name],
          at: 'key',
          code: 'unknown-path-parameter',
          message: `${owner} describes the path parameter '${name}', but its path ${path} has no {${name}}.`,
        });
      }
    }
  },
};
