import type { Rule } from './rule';
import { NameOf } from './words';

/** A route to a gRPC service names the method that handles it; a route to an HTTP service does not. */
export const routeTarget: Rule = {
  code: 'route-target',
  severity: 'error',
  summary: 'A route to a gRPC service names no rpc, or a route to an HTTP service names one.',
  kinds: ['route'],
  checkDefinition(route, context) {
    const serviceName = route.spec['service'];
    const service =
      typeof serviceName === 'string' ? context.lookup('service', serviceName) : undefined;
    const protocol = service?.spec['protocol'];
    if (protocol === 'grpc' && route.spec['rpc'] === undefined) {
      context.reportDefinition(
        route,
        `${NameOf(route)} goes to the gRPC service '${String(serviceName)}' but names no rpc; ` +
          'add rpc with the method that handles it.',
      );
    } else if (protocol === 'http' && route.spec['rpc'] !== undefined) {
      context.report({
        file: route.file,
        path: [...route.path, 'rpc'],
        at: 'key',
        message:
          `${NameOf(route)} names an rpc, but '${String(serviceName)}' is an HTTP service; ` +
          'use servicePath for HTTP services.',
      });
    }
  },
};
