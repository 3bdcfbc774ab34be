/** Emits types.ts: one type per shared schema and per message payload. */
import { type Contract, type Definition, definitionsOf, lookup } from '../contract/model';
import type { NamePlan } from './name-plan';
import { schemaType, type SchemaTypeLookup } from './schema-types';
import { CodeWriter } from './writer';

/** Returns the type lookup of a file that imports types.ts as `prefix`, such as 'types.'. */
export function typeLookup(plan: NamePlan, prefix: string, contract?: Contract): SchemaTypeLookup {
  const lookupType: SchemaTypeLookup = (name) => {
    const type = plan.types.get(`schema:${name}`);
    return type === undefined ? undefined : prefix + type;
  };
  if (contract !== undefined) lookupType.schema = (name) => lookup(contract, 'schema', name)?.spec;
  return lookupType;
}

/** Returns the payload type of a message for a file that imports types.ts as `prefix`. */
export function messageType(
  plan: NamePlan,
  prefix: string,
  message: string | undefined,
): string | undefined {
  if (message === undefined) return undefined;
  const type = plan.types.get(`message:${message}`);
  return type === undefined ? undefined : prefix + type;
}

export function emitTypes(contract: Contract, plan: NamePlan): string {
  const writer = new CodeWriter();
  writer.doc(['The payload types of the contract: its shared schemas, then its messages.']);
  const types = typeLookup(plan, '', contract);
  for (const schema of definitionsOf(contract, 'schema')) {
    writer.blank();
    declare(
      writer,
      plan.types.get(`schema:${schema.name}`)!,
      schema.spec,
      schema,
      `Schema ${schema.name}.`,
      types,
    );
  }
  for (const message of definitionsOf(contract, 'message')) {
    writer.blank();
    const payload = message.spec['payload'];
    const kind = String(message.spec['kind'] ?? 'message');
    const heading = `The payload of ${kind} ${message.name}.`;
    if (typeof payload === 'string') {
      // A payload given by name is the shared schema's type.
      writer.doc([heading, describe(message)]);
      writer.line(
        `export type ${plan.types.get(`message:${message.name}`)!} = ${types(payload) ?? 'unknown'};`,
      );
    } else {
      declare(writer, plan.types.get(`message:${message.name}`)!, payload, message, heading, types);
    }
  }
  return writer.toString();
}

function describe(definition: Definition): string | undefined {
  const description = definition.spec['description'];
  return typeof description === 'string' ? description : undefined;
}

function declare(
  writer: CodeWriter,
  name: string,
  schema: unknown,
  definition: Definition,
  heading: string,
  lookup: SchemaTypeLookup,
): void {
  const schemaDescription =
    schema !== null && typeof schema === 'object'
      ? (schema as Record<string, unknown>)['description']
      : undefined;
  const description = definition.kind === 'schema' ? schemaDescription : describe(definition);
  writer.doc([heading, typeof description === 'string' ? description : undefined]);
  writer.line(`export type ${name} = ${schemaType(schema, lookup)};`);
}
