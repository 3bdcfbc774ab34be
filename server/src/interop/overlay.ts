/**
 * The `x-switchboard` extension at the root of an exported document: what the target format cannot
 * express, such as policies, flows, queues and every property with no place in the format. It is
 * the difference between the exported contract and the result of importing the document without
 * the extension. So importing the whole document gives back the exported contract.
 *
 * Form: `{ version: 1, top: {key: value | null}, sections: {section: {name: change | null}} }`,
 * where a change is `{ define: spec }` for a whole definition or `{ set: {key: value}, unset: [keys] }`,
 * and null removes a definition. Schema references are written `#/components/schemas/Name`, which
 * both formats resolve, instead of the contract's `#/schemas/Name`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject } from '../contract/model';
import { isObject, SECTIONS } from './draft';

export const OVERLAY_KEY = 'x-switchboard';

interface DefinitionDiff {
  set?: JsonObject;
  unset?: string[];
}

/** Returns the overlay that turns `imported` into `original`, or undefined when they are equal. */
export function computeOverlay(original: JsonObject, imported: JsonObject): JsonObject | undefined {
  const top: JsonObject = {};
  for (const key of new Set([...Object.keys(original), ...Object.keys(imported)])) {
    if ((SECTIONS as readonly string[]).includes(key)) continue;
    if (!isDeepStrictEqual(original[key], imported[key])) top[key] = original[key] ?? null;
  }
  const sections: JsonObject = {};
  for (const section of SECTIONS) {
    const before = isObject(original[section]) ? original[section] : {};
    const after = isObject(imported[section]) ? imported[section] : {};
    const changes: JsonObject = {};
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const wanted = before[name];
      const got = after[name];
      if (wanted === undefined) changes[name] = null;
      else if (!isObject(got) || !isObject(wanted)) {
        if (!isDeepStrictEqual(wanted, got)) changes[name] = { define: wanted };
      } else {
        const diff = diffDefinition(wanted, got);
        if (diff !== undefined) changes[name] = diff;
      }
    }
    if (Object.keys(changes).length > 0) sections[section] = changes;
  }
  if (Object.keys(top).length === 0 && Object.keys(sections).length === 0) return undefined;
  const overlay: JsonObject = { version: 1 };
  if (Object.keys(top).length > 0) overlay['top'] = top;
  if (Object.keys(sections).length > 0) overlay['sections'] = sections;
  return rewriteRefs(overlay, CONTRACT_REF, '#/components/schemas/') as JsonObject;
}

function diffDefinition(wanted: JsonObject, got: JsonObject): DefinitionDiff | undefined {
  const set: JsonObject = {};
  const unset: string[] = [];
  for (const key of Object.keys(wanted)) {
    if (!isDeepStrictEqual(wanted[key], got[key])) set[key] = wanted[key];
  }
  for (const key of Object.keys(got)) if (!(key in wanted)) unset.push(key);
  if (Object.keys(set).length === 0 && unset.length === 0) return undefined;
  const diff: DefinitionDiff = {};
  if (Object.keys(set).length > 0) diff.set = set;
  if (unset.length > 0) diff.unset = unset;
  return diff;
}

/**
 * Applies an overlay to an imported contract, in place. Returns a message for each part of the
 * overlay that is malformed and so not applied.
 */
export function applyOverlay(contract: JsonObject, written: unknown): string[] {
  const overlay = rewriteRefs(written, COMPONENT_REF, '#/schemas/');
  if (!isObject(overlay) || overlay['version'] !== 1) {
    return [
      `The ${OVERLAY_KEY} extension is not version 1 of the form this product writes; it is ignored.`,
    ];
  }
  const problems: string[] = [];
  const top = isObject(overlay['top']) ? overlay['top'] : {};
  for (const [key, value] of Object.entries(top)) {
    if (value === null) delete contract[key];
    else contract[key] = value;
  }
  const sections = isObject(overlay['sections']) ? overlay['sections'] : {};
  for (const [section, changes] of Object.entries(sections)) {
    if (!(SECTIONS as readonly string[]).includes(section) || !isObject(changes)) {
      problems.push(
        `The ${OVERLAY_KEY} section '${section}' is not a contract section; it is ignored.`,
      );
      continue;
    }
    const entries: JsonObject = isObject(contract[section])
      ? (contract[section] as JsonObject)
      : {};
    for (const [name, change] of Object.entries(changes))
      applyChange(entries, name, change, problems);
    if (Object.keys(entries).length > 0) contract[section] = entries;
    else delete contract[section];
  }
  return problems;
}

function applyChange(entries: JsonObject, name: string, change: unknown, problems: string[]): void {
  if (change === null) {
    delete entries[name];
    return;
  }
  if (!isObject(change)) {
    problems.push(`The ${OVERLAY_KEY} change of '${name}' is not an object; it is ignored.`);
    return;
  }
  if ('define' in change) {
    entries[name] = change['define'];
    return;
  }
  const set = isObject(change['set']) ? change['set'] : {};
  const target: JsonObject = isObject(entries[name]) ? (entries[name] as JsonObject) : {};
  Object.assign(target, set);
  const unset = Array.isArray(change['unset']) ? change['unset'] : [];
  for (const key of unset) if (typeof key === 'string') delete target[key];
  entries[name] = target;
}

const CONTRACT_REF = /^#\/schemas\//;
const COMPONENT_REF = /^#\/components\/schemas\//;

/** Returns a copy of `value` with the prefix of every matching `$ref` replaced. */
function rewriteRefs(value: unknown, prefix: RegExp, replacement: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, prefix, replacement));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string'
        ? child.replace(prefix, replacement)
        : rewriteRefs(child, prefix, replacement);
  }
  return out;
}
