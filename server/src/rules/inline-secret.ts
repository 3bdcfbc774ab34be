import { isObject } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Path } from '../contract/tree';
import type { Rule, RuleContext } from './rule';
import { spanOf } from './rule';

/** Keys whose string value is a credential. Keys ending in Env name a variable and are fine. */
const SECRET_KEY =
  /^(secret|password|passwd|pwd|token|key|credentials?|bearer|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?secret|auth[-_]?token)$|(secret|password|token|apikey|api_key|privatekey)$/i;

/** Values that are credentials whatever key holds them. */
const SECRET_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/, 'a JSON Web Token'],
  [/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'a URL with a password in it'],
  [/^AKIA[0-9A-Z]{16}$/, 'an AWS access key'],
  [/^(sk|rk)_live_[A-Za-z0-9]{16,}$/, 'a live API key'],
  [/^gh[pousr]_[A-Za-z0-9]{30,}$/, 'a GitHub token'],
  [/^xox[abprs]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
];

/** Keys whose value is a JSON Schema, where other keys are property names, not settings. */
const SCHEMA_KEYS = new Set(['schemas', 'payload', 'headers', 'schema', 'properties', 'patternProperties']);

export const inlineSecret: Rule = {
  code: 'inline-secret',
  severity: 'error',
  summary: 'A secret is written in the contract instead of being named by an environment variable.',
  check(context) {
    for (const file of context.contract.files) walk(context, file, file.data, [], false);
  },
};

function walk(context: RuleContext, file: ContractFile, value: unknown, path: Path, inSchema: boolean): void {
  if (typeof value === 'string') {
    checkValue(context, file, value, path, inSchema);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(context, file, item, [...path, index], inSchema));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    walk(context, file, child, [...path, key], inSchema || SCHEMA_KEYS.has(key));
  }
}

function checkValue(context: RuleContext, file: ContractFile, value: string, path: Path, inSchema: boolean): void {
  if (value === '') return;
  const key = path[path.length - 1];
  for (const [pattern, what] of SECRET_VALUES) {
    if (!pattern.test(value)) continue;
    context.report({
      file,
      path,
      message:
        `This value looks like ${what}, written where anyone who reads the contract can see it. ` +
        'Keep it in an environment variable and name the variable instead.',
    });
    return;
  }
  if (inSchema || typeof key !== 'string' || !SECRET_KEY.test(key) || /Env$/.test(key)) return;
  context.report({
    file,
    path,
    message:
      `'${key}' holds a secret written inline, where anyone who reads the contract can see it. ` +
      `Put it in an environment variable and name the variable with ${envKeyFor(key)} instead.`,
    data: { fix: 'secret-env', envKey: envKeyFor(key), keySpan: spanOf(file, path, 'key') },
  });
}

/** The key that names the variable: `secretEnv` for `secret`, `keyEnv` for `key`. */
export function envKeyFor(key: string): string {
  return `${key}Env`;
}
