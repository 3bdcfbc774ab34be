import { isObject, JsonObject } from '../contract/model';
import type { ContractFile } from '../contract/parse';
import type { Path, PathSegment } from '../contract/tree';
import { memoByObject } from './memo';
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
const SCHEMA_KEYS = new Set([
  'schemas',
  'payload',
  'headers',
  'schema',
  'properties',
  'patternProperties',
]);

export const inlineSecret: Rule = {
  code: 'inline-secret',
  severity: 'error',
  summary: 'A secret is written in the contract instead of being named by an environment variable.',
  check(context) {
    for (const file of context.contract.files) {
      if (!isObject(file.data)) continue;
      for (const [section, value] of Object.entries(file.data)) {
        const inSchema = SCHEMA_KEYS.has(section);
        if (!isObject(value)) {
          for (const finding of findSecrets(value, [section], inSchema))
            report(context, file, finding);
          continue;
        }
        const find = inSchema ? findSecretsInSchemaSection : findSecretsInSection;
        for (const finding of find(value))
          report(context, file, { ...finding, path: [section, ...finding.path] });
      }
    }
  },
};

interface SecretFinding {
  path: Path;
  /** What the value looks like, or undefined for a value under a secret's key. */
  what: string | undefined;
}

const findSecretsInEntry = memoByObject((entry: object) => findSecrets(entry, [], false));
const findSecretsInSchemaEntry = memoByObject((entry: object) => findSecrets(entry, [], true));

/**
 * Makes a finder of the secrets in a section, cached by the section's data object and by each
 * entry's, because a section or entry that an edit did not touch keeps its data object.
 */
function sectionFinder(inSchema: boolean) {
  const find = inSchema ? findSecretsInSchemaEntry : findSecretsInEntry;
  return memoByObject((section: JsonObject) => {
    const findings: SecretFinding[] = [];
    // Keys, not entries: a section of thousands of definitions would allocate a pair for each.
    for (const name of Object.keys(section)) {
      const entry = section[name];
      const found = isObject(entry) ? find(entry) : findSecrets(entry, [], inSchema);
      for (const finding of found) findings.push({ ...finding, path: [name, ...finding.path] });
    }
    return findings;
  });
}

const findSecretsInSection = sectionFinder(false);
const findSecretsInSchemaSection = sectionFinder(true);

function findSecrets(value: unknown, path: PathSegment[], inSchema: boolean): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const walk = (current: unknown, inSchemaHere: boolean): void => {
    if (typeof current === 'string') {
      const finding = checkValue(current, path, inSchemaHere);
      if (finding !== undefined) findings.push(finding);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => {
        path.push(index);
        walk(item, inSchemaHere);
        path.pop();
      });
    } else if (isObject(current)) {
      for (const [key, child] of Object.entries(current)) {
        path.push(key);
        walk(child, inSchemaHere || SCHEMA_KEYS.has(key));
        path.pop();
      }
    }
  };
  walk(value, inSchema);
  return findings;
}

function checkValue(
  value: string,
  path: readonly PathSegment[],
  inSchema: boolean,
): SecretFinding | undefined {
  if (value === '') return undefined;
  for (const [pattern, what] of SECRET_VALUES) {
    if (pattern.test(value)) return { path: [...path], what };
  }
  const key = path[path.length - 1];
  if (inSchema || typeof key !== 'string' || !SECRET_KEY.test(key) || /Env$/.test(key))
    return undefined;
  return { path: [...path], what: undefined };
}

function report(context: RuleContext, file: ContractFile, finding: SecretFinding): void {
  const { path, what } = finding;
  if (what !== undefined) {
    context.report({
      file,
      path,
      message:
        `This value looks like ${what}, written where anyone who reads the contract can see it. ` +
        'Keep it in an environment variable and name the variable instead.',
    });
    return;
  }
  const key = String(path[path.length - 1]);
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
