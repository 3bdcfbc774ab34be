/**
 * Validates a contract file's data against schemas/comm.schema.json and places each error on the
 * node it is about: an unknown property on its key, a missing property on the key of the mapping
 * that lacks it, a wrong value on the value.
 *
 * A `oneOf` or `anyOf` that fails reports, with ajv's allErrors, the errors of every branch. Only
 * the branch the input meant is reported here: the branch whose type matches the value, validated
 * again on its own. Mappings with a discriminator (`kind`, `protocol`, `distribution`) are validated
 * by ajv against the matching branch alone.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { ContractFile } from './parse';
import type { Problem } from './problem';
import { describePath, formatPath, listWords, parseInstancePath } from './describe';
import type { Span } from './text';
import { entryAtPath, nodeAtPath, Path } from './tree';
import { readJsonResource } from '../util/resources';
import { closestName } from '../util/suggest';

type JsonObject = Record<string, unknown>;

export const SCHEMA_PATH = 'schemas/comm.schema.json';

/** Problems beyond this many in one file are summed up in one more problem. */
export const MAX_SCHEMA_PROBLEMS = 500;

interface CompiledSchema {
  ajv: Ajv;
  root: JsonObject;
  id: string;
  /** Validates the file with each named entry of a section accepted as it is. */
  validateShallow: ValidateFunction;
  /** Validators of one entry, by section: `messages` validates a Message. */
  entryValidators: Map<string, ValidateFunction>;
  pointers: WeakMap<object, string>;
  branchValidators: Map<string, ValidateFunction>;
}

let compiled: CompiledSchema | undefined;

/** Compiles the contract schema on first use; later calls return the same validator. */
export function contractSchema(): CompiledSchema {
  if (compiled !== undefined) return compiled;
  const root = readJsonResource(SCHEMA_PATH) as JsonObject;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  ajv.addSchema(root);
  const id = String(root['$id']);
  const { shallow, entryValidators } = splitSections(ajv, root, id);
  compiled = {
    ajv,
    root,
    id,
    validateShallow: ajv.compile(shallow),
    entryValidators,
    pointers: indexPointers(root),
    branchValidators: new Map(),
  };
  return compiled;
}

/**
 * Splits validation by section entry: a shallow schema accepts any entry, and each section's entry
 * schema validates entries one by one, so that entries an edit did not touch keep their results.
 */
function splitSections(ajv: Ajv, root: JsonObject, id: string) {
  const properties = { ...(root['properties'] as Record<string, JsonObject>) };
  const entryValidators = new Map<string, ValidateFunction>();
  for (const [section, property] of Object.entries(properties)) {
    const ref = (property['additionalProperties'] as JsonObject | undefined)?.['$ref'];
    if (property['type'] !== 'object' || typeof ref !== 'string') continue;
    const validate = ajv.getSchema(`${id}${ref}`);
    if (validate === undefined) continue;
    entryValidators.set(section, validate);
    properties[section] = { ...property, additionalProperties: {} };
  }
  const shallow = { ...root, $id: `${id}#shallow`.replace('#shallow', '-shallow'), properties };
  return { shallow, entryValidators };
}

const entryErrorCache = new Map<ValidateFunction, WeakMap<object, ErrorObject[]>>();

function entryErrors(validate: ValidateFunction, entry: unknown): ErrorObject[] {
  const cacheable = entry !== null && typeof entry === 'object';
  let cache = entryErrorCache.get(validate);
  if (cache === undefined) entryErrorCache.set(validate, (cache = new WeakMap()));
  if (cacheable) {
    const cached = cache.get(entry);
    if (cached !== undefined) return cached;
  }
  const errors = validate(entry) ? [] : [...(validate.errors ?? [])];
  if (cacheable) cache.set(entry, errors);
  return errors;
}

function collectErrors(schema: CompiledSchema, data: unknown): ErrorObject[] {
  const errors: ErrorObject[] = [];
  if (!schema.validateShallow(data)) errors.push(...(schema.validateShallow.errors ?? []));
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return errors;
  for (const [section, validate] of schema.entryValidators) {
    const entries = (data as JsonObject)[section];
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) continue;
    for (const error of sectionErrors(section, validate, entries as JsonObject)) errors.push(error);
  }
  return errors;
}

/**
 * Errors of a section's entries, by the section's data object: a section that an edit did not
 * touch keeps its data object, and with it its errors.
 */
const sectionErrorCache = new WeakMap<JsonObject, { section: string; errors: ErrorObject[] }>();

function sectionErrors(
  section: string,
  validate: ValidateFunction,
  entries: JsonObject,
): ErrorObject[] {
  const cached = sectionErrorCache.get(entries);
  if (cached !== undefined && cached.section === section) return cached.errors;
  const errors: ErrorObject[] = [];
  for (const name of Object.keys(entries)) {
    const found = entryErrors(validate, entries[name]);
    if (found.length === 0) continue;
    const prefix = `/${escapePointer(section)}/${escapePointer(name)}`;
    for (const error of found) errors.push({ ...error, instancePath: prefix + error.instancePath });
  }
  sectionErrorCache.set(entries, { section, errors });
  return errors;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function indexPointers(root: unknown): WeakMap<object, string> {
  const pointers = new WeakMap<object, string>();
  const walk = (value: unknown, pointer: string) => {
    if (value === null || typeof value !== 'object' || pointers.has(value)) return;
    pointers.set(value, pointer);
    for (const [key, child] of Object.entries(value)) {
      walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(root, '');
  return pointers;
}

export function validateSchema(file: ContractFile): Problem[] {
  const schema = contractSchema();
  const found = collectErrors(schema, file.data);
  if (found.length === 0) return [];
  const errors = resolveCombinators(schema, found);
  const problems: Problem[] = [];
  for (const error of errors) {
    const problem = toProblem(file, error);
    if (problem !== undefined) problems.push(problem);
  }
  return capProblems(file, dedupe(problems));
}

/**
 * Replaces the errors of each failing `oneOf` or `anyOf` with those of the branch the value meant.
 * Combinators are handled from the outermost in, and the errors of a re-validated branch are
 * handled the same way, because a branch can hold combinators of its own.
 */
function resolveCombinators(schema: CompiledSchema, errors: ErrorObject[]): ErrorObject[] {
  const combinator = errors
    .filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf')
    .sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
  if (combinator === undefined) return errors;

  const at = combinator.instancePath;
  const branches = (combinator.schema as unknown[]).map((branch) => resolveRef(schema, branch));
  if (branches.every(isRequiredOnly)) {
    const rest = errors.filter(
      (error) =>
        error !== combinator &&
        !(
          error.keyword === 'required' &&
          error.instancePath === at &&
          isBranchError(combinator, error)
        ),
    );
    return [...resolveCombinators(schema, rest), { ...combinator, keyword: 'requiredChoice' }];
  }

  const inside = (error: ErrorObject) =>
    error.instancePath === at || error.instancePath.startsWith(at + '/');
  const rest = errors.filter((error) => !inside(error));
  const chosen = chooseBranch(branches, combinator.data);
  if (chosen === undefined) {
    return [...resolveCombinators(schema, rest), { ...combinator, keyword: 'typeChoice' }];
  }
  const branchErrors = validateBranch(schema, combinator, chosen).map((error) => ({
    ...error,
    instancePath: at + error.instancePath,
  }));
  if (branchErrors.length === 0 && combinator.keyword === 'oneOf') {
    return [...resolveCombinators(schema, rest), { ...combinator, keyword: 'ambiguousChoice' }];
  }
  return [...resolveCombinators(schema, rest), ...resolveCombinators(schema, branchErrors)];
}

function isBranchError(combinator: ErrorObject, error: ErrorObject): boolean {
  return error.schemaPath.startsWith(combinator.schemaPath + '/');
}

function resolveRef(schema: CompiledSchema, branch: unknown): JsonObject {
  let current = branch as JsonObject;
  for (let depth = 0; depth < 10 && typeof current['$ref'] === 'string'; depth++) {
    const pointer = (current['$ref'] as string).replace(/^#/, '');
    const next = pointer
      .split('/')
      .slice(1)
      .reduce<unknown>((node, key) => (node as JsonObject | undefined)?.[key], schema.root);
    if (next === undefined) break;
    current = next as JsonObject;
  }
  return current;
}

function isRequiredOnly(branch: JsonObject): boolean {
  return Object.keys(branch).every((key) => key === 'required');
}

function chooseBranch(branches: JsonObject[], data: unknown): number | undefined {
  const type = jsonType(data);
  for (let i = 0; i < branches.length; i++) {
    const branch = branches[i]!;
    if (branch['const'] !== undefined && branch['const'] !== data) continue;
    if (Array.isArray(branch['enum']) && !branch['enum'].includes(data)) continue;
    if (acceptsType(branch, type)) return i;
  }
  return undefined;
}

function acceptsType(branch: JsonObject, type: string): boolean {
  const declared = branch['type'];
  if (declared === undefined) {
    if (Array.isArray(branch['enum']))
      return branch['enum'].some((value) => jsonType(value) === type);
    if (branch['const'] !== undefined) return jsonType(branch['const']) === type;
    return true;
  }
  const types = Array.isArray(declared) ? declared : [declared];
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function validateBranch(
  schema: CompiledSchema,
  combinator: ErrorObject,
  index: number,
): ErrorObject[] {
  const branch = (combinator.schema as unknown[])[index] as object;
  const pointer = schema.pointers.get(branch);
  if (pointer === undefined) return [];
  let validate = schema.branchValidators.get(pointer);
  if (validate === undefined) {
    validate = schema.ajv.getSchema(`${schema.id}#${pointer}`);
    if (validate === undefined) return [];
    schema.branchValidators.set(pointer, validate);
  }
  validate(combinator.data);
  return [...(validate.errors ?? [])];
}

function toProblem(file: ContractFile, error: ErrorObject): Problem | undefined {
  const path = toPath(file.data, parseInstancePath(error.instancePath));
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as JsonObject | undefined;
  const make = (code: string, span: Span, message: string, suggestion?: string): Problem => ({
    uri: file.uri,
    span,
    severity: 'error',
    code,
    message,
    ...(suggestion === undefined ? {} : { data: { suggestion } }),
  });

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const known = Object.keys((parent?.['properties'] as JsonObject | undefined) ?? {});
      const suggestion = closestName(name, known);
      const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
      const span = entryAtPath(file.root, [...path, name])?.keySpan ?? valueSpan(file, path);
      return make(
        'unknown-property',
        span,
        `Unknown property '${name}' in ${where}.${hint}`,
        suggestion,
      );
    }
    case 'required': {
      const name = String(params['missingProperty']);
      const message = `${capitalize(where)} is missing the required property '${name}'.`;
      return make('missing-property', keySpan(file, path), message);
    }
    case 'requiredChoice': {
      const choices = (error.schema as JsonObject[]).map((branch) => requiredList(branch));
      const passing = params['passingSchemas'];
      if (Array.isArray(passing)) {
        const set = listWords(
          passing.map((i) => choices[i as number] ?? ''),
          'and',
        );
        return make(
          'invalid-value',
          keySpan(file, path),
          `${capitalize(where)} sets ${set}; keep only one of them.`,
        );
      }
      return make(
        'missing-property',
        keySpan(file, path),
        `${capitalize(where)} needs ${listWords(choices)}.`,
      );
    }
    case 'discriminator': {
      const tag = String(params['tag']);
      const options = discriminatorValues(error);
      if (params['error'] === 'tag' && !hasKey(file.data, path, tag)) return undefined;
      const value = valueOf(file.data, [...path, tag]);
      const suggestion = typeof value === 'string' ? closestName(value, options) : undefined;
      const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
      const message =
        `${JSON.stringify(value)} is not a valid ${tag} for ${where}; ` +
        `expected ${listWords(options)}.${hint}`;
      return make('invalid-value', valueSpan(file, [...path, tag]), message, suggestion);
    }
    case 'not':
      if (parent?.['not'] !== undefined && isRequiredOnly(parent['not'] as JsonObject)) {
        const names = requiredList(parent['not'] as JsonObject, 'and');
        return make(
          'invalid-value',
          keySpan(file, path),
          `${capitalize(where)} sets ${names}; keep only one of them.`,
        );
      }
      return make(
        'invalid-value',
        valueSpan(file, path),
        `${capitalize(where)} must not match ${formatPath(path)}.`,
      );
    case 'enum': {
      const options = (error.schema as unknown[]).map((option) => String(option));
      const value = error.data;
      const suggestion = typeof value === 'string' ? closestName(value, options) : undefined;
      const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`;
      const message = `${JSON.stringify(value)} is not valid for ${where}; expected ${listWords(options)}.${hint}`;
      return make('invalid-value', valueSpan(file, path), message, suggestion);
    }
    case 'const':
      return make(
        'invalid-value',
        valueSpan(file, path),
        `${JSON.stringify(error.data)} is not valid for ${where}; expected ${JSON.stringify(error.schema)}.`,
      );
    case 'type':
    case 'typeChoice':
      return make('invalid-value', valueSpan(file, path), typeMessage(error, where));
    case 'ambiguousChoice':
      return make(
        'invalid-value',
        valueSpan(file, path),
        `${capitalize(where)} matches more than one of its allowed forms.`,
      );
    case 'pattern': {
      const description =
        typeof parent?.['description'] === 'string' ? ` ${parent['description']}` : '';
      const message = `${JSON.stringify(error.data)} is not valid for ${where}.${description}`;
      return make('invalid-value', valueSpan(file, path), message);
    }
    default:
      return make(
        'invalid-value',
        valueSpan(file, path),
        `${capitalize(where)} ${error.message ?? 'is not valid'}.`,
      );
  }
}

function typeMessage(error: ErrorObject, where: string): string {
  if (error.instancePath === '' && error.data === null) {
    return "The file is empty or has only comments. A contract starts with 'switchboard: 1'.";
  }
  const found = describeType(error.data);
  if (error.keyword === 'typeChoice') {
    const forms = (error.schema as JsonObject[]).map((branch) => describeBranch(branch));
    return `${capitalize(where)} must be ${listWords(forms)}, but it is ${found}.`;
  }
  const expected = Array.isArray(error.schema) ? error.schema.map(String) : [String(error.schema)];
  return `${capitalize(where)} must be ${listWords(expected.map(article))}, but it is ${found}.`;
}

function describeBranch(branch: JsonObject): string {
  const target = compiled === undefined ? branch : resolveRef(compiled, branch);
  const description = typeof branch['description'] === 'string' ? branch['description'] : undefined;
  const type = target['type'];
  const name =
    typeof type === 'string'
      ? article(type)
      : Array.isArray(target['enum'])
        ? 'one of its listed values'
        : 'a value';
  return description === undefined
    ? name
    : `${name} (${lowerFirst(description).replace(/\.$/, '')})`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${quotePrefix(value)}`;
  return `${article(jsonType(value))} (${String(value)})`;
}

/** The longest part of a string value a message quotes, so a wrong include cannot print a file. */
const QUOTED_CHARACTERS = 40;

function quotePrefix(value: string): string {
  const characters = Array.from(value);
  if (characters.length <= QUOTED_CHARACTERS) return JSON.stringify(value);
  return `${JSON.stringify(characters.slice(0, QUOTED_CHARACTERS).join('')).slice(0, -1)}…"`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    null: 'null',
  };
  return names[type] ?? type;
}

function requiredList(branch: JsonObject, conjunction = 'or'): string {
  const names = (branch['required'] as string[] | undefined) ?? [];
  return listWords(
    names.map((name) => `'${name}'`),
    conjunction,
  );
}

function discriminatorValues(error: ErrorObject): string[] {
  const parent = error.parentSchema as JsonObject | undefined;
  const tag = String((error.params as JsonObject)['tag']);
  const branches = (parent?.['oneOf'] as unknown[] | undefined) ?? [];
  const values: string[] = [];
  for (const branch of branches) {
    const target = compiled === undefined ? (branch as JsonObject) : resolveRef(compiled, branch);
    const property = (target['properties'] as JsonObject | undefined)?.[tag] as
      JsonObject | undefined;
    if (property?.['const'] !== undefined) values.push(String(property['const']));
  }
  return values;
}

function keySpan(file: ContractFile, path: Path): Span {
  if (path.length === 0) return firstKeySpan(file);
  return entryAtPath(file.root, path)?.keySpan ?? valueSpan(file, path);
}

function valueSpan(file: ContractFile, path: Path): Span {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    const node = nodeAtPath(file.root, prefix);
    if (node !== undefined && node.span.end > node.span.start) return node.span;
    const entry = entryAtPath(file.root, prefix);
    if (entry !== undefined) return entry.keySpan;
  }
  return firstKeySpan(file);
}

function firstKeySpan(file: ContractFile): Span {
  const first = file.root?.entries()[0];
  if (first !== undefined) return first.keySpan;
  return { start: 0, end: file.lines.lineContentEnd(0) };
}

/** Turns the segments that index lists into numbers, so that paths print as `handler[1]`. */
function toPath(data: unknown, segments: string[]): Path {
  const path: Array<string | number> = [];
  let value = data;
  for (const segment of segments) {
    const index = Array.isArray(value) ? Number(segment) : NaN;
    path.push(Number.isInteger(index) ? index : segment);
    value =
      value !== null && typeof value === 'object' ? (value as JsonObject)[segment] : undefined;
  }
  return path;
}

function hasKey(data: unknown, path: Path, key: string): boolean {
  const value = valueOf(data, path);
  return (
    value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)
  );
}

function valueOf(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as JsonObject)[String(segment)];
  }
  return value;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.span.start}:${problem.span.end}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function capProblems(file: ContractFile, problems: Problem[]): Problem[] {
  if (problems.length <= MAX_SCHEMA_PROBLEMS) return problems;
  const kept = problems.slice(0, MAX_SCHEMA_PROBLEMS);
  kept.push({
    uri: file.uri,
    span: firstKeySpan(file),
    severity: 'error',
    code: 'too-many-problems',
    message: `${problems.length - MAX_SCHEMA_PROBLEMS} more schema problems are not shown; fix the ones above first.`,
  });
  return kept;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
