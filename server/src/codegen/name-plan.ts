/**
 * Chooses the identifier and file name of every contract name that generated code declares, and
 * finds the pairs of names that would map to one identifier in one scope, before anything is
 * generated. The wire names stay as written; only the declarations use these identifiers.
 */
import { Definition, definitionsOf, type Contract } from '../contract/model';
import { fileStem, memberName, prefixedMember, typeName } from './identifiers';
import { stringLiteral } from './literals';

/** Two definitions whose names map to one identifier or file in one scope. */
export interface NameCollision {
  readonly first: Definition;
  readonly second: Definition;
  /** The identifier or file name both map to. */
  readonly identifier: string;
  /** The scope in words, such as 'the generated types'. */
  readonly scope: string;
}

export interface NamePlan {
  /** The type of each schema and message payload, by 'schema:Name' or 'message:Name'. */
  readonly types: ReadonlyMap<string, string>;
  /** The file stem of each service. */
  readonly stems: ReadonlyMap<string, string>;
  /** The client method of each HTTP route, by route name. */
  readonly routeMembers: ReadonlyMap<string, string>;
  /** The handler method of each message, by 'service\0message'. */
  readonly handlerMembers: ReadonlyMap<string, string>;
  readonly collisions: readonly NameCollision[];
}

/** Records identifiers of one scope and reports a second definition that takes one again. */
class Scope {
  private readonly taken = new Map<string, Definition>();

  constructor(
    private readonly label: string,
    private readonly collisions: NameCollision[],
    /** Compares identifiers case-insensitively, as file systems that ignore case do. */
    private readonly ignoreCase = false,
  ) {}

  claim(identifier: string, definition: Definition): string {
    const key = this.ignoreCase ? identifier.toLowerCase() : identifier;
    const first = this.taken.get(key);
    if (first === undefined) this.taken.set(key, definition);
    else if (first !== definition) {
      this.collisions.push({ first, second: definition, identifier, scope: this.label });
    }
    return identifier;
  }
}

export function isHttpService(service: Definition): boolean {
  return service.spec['protocol'] !== 'grpc';
}

/** Returns the service names a message is delivered to: handlers, or subscribers of an event. */
export function receiversOf(message: Definition): string[] {
  const spec = message.spec;
  const list = spec['kind'] === 'event' ? spec['subscribers'] : spec['handler'];
  const names = Array.isArray(list) ? list : [list];
  return names.filter((name): name is string => typeof name === 'string');
}

/** Builds the name plan of a contract, taking definitions in the order the files define them. */
export function planNames(contract: Contract): NamePlan {
  return buildPlan(contract, true);
}

/**
 * Finds the collisions of the name plan without keeping the identifiers: the check that runs after
 * every edit needs only these, and skips keying a map entry for each definition.
 */
export function findNameCollisions(contract: Contract): readonly NameCollision[] {
  return buildPlan(contract, false).collisions;
}

function buildPlan(contract: Contract, keep: boolean): NamePlan {
  const collisions: NameCollision[] = [];
  const types = new Map<string, string>();
  const typeScope = new Scope('the generated types', collisions);
  for (const kind of ['schema', 'message'] as const) {
    for (const definition of definitionsOf(contract, kind)) {
      const identifier = typeScope.claim(typeName(definition.name), definition);
      if (keep) types.set(`${kind}:${definition.name}`, identifier);
    }
  }

  const stems = new Map<string, string>();
  const fileScope = new Scope('the generated file names', collisions, true);
  for (const service of definitionsOf(contract, 'service')) {
    const stem = fileScope.claim(fileStem(service.name), service);
    if (keep) stems.set(service.name, stem);
  }

  const routeMembers = new Map<string, string>();
  const clientScopes = new Map<string, Scope>();
  const requestScopes = new Map<string, Scope>();
  for (const route of definitionsOf(contract, 'route')) {
    const service = route.spec['service'];
    if (typeof service !== 'string') continue;
    let scope = clientScopes.get(service);
    if (scope === undefined)
      clientScopes.set(service, (scope = new Scope(`the client of ${service}`, collisions)));
    const member = scope.claim(memberName(route.name), route);
    if (keep) routeMembers.set(route.name, member);
    let requests = requestScopes.get(service);
    if (requests === undefined) {
      requests = new Scope(`the request types of the client of ${service}`, collisions);
      requestScopes.set(service, requests);
    }
    requests.claim(`${typeName(route.name)}Request`, route);
  }

  const handlerMembers = new Map<string, string>();
  const handlerScopes = new Map<string, Scope>();
  for (const message of definitionsOf(contract, 'message')) {
    const prefix = message.spec['kind'] === 'event' ? 'on' : 'handle';
    for (const service of receiversOf(message)) {
      let scope = handlerScopes.get(service);
      if (scope === undefined) {
        handlerScopes.set(service, (scope = new Scope(`the handlers of ${service}`, collisions)));
      }
      const member = scope.claim(prefixedMember(prefix, message.name), message);
      if (keep) handlerMembers.set(`${service}\0${message.name}`, member);
    }
  }
  return { types, stems, routeMembers, handlerMembers, collisions };
}

/** Describes a collision for an error message: both names, what they map to, and where. */
export function describeCollision(collision: NameCollision): string {
  const { first, second } = collision;
  return (
    `The ${second.kind} ${stringLiteral(second.name)} and the ${first.kind} ${stringLiteral(first.name)} ` +
    `both become '${collision.identifier}' in ${collision.scope}. Rename one of them before generating.`
  );
}
