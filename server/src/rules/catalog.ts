/**
 * Every diagnostic code the product reports, with its default severity and a one-line summary:
 * the rules' own and those of parsing, schema validation and includes. docs/rules.md has an entry
 * for each, under a heading that is the code.
 */
import type { Severity } from '../contract/problem';
import { RULES } from './index';

export interface CodeInfo {
  code: string;
  severity: Severity;
  summary: string;
}

const BUILT_IN: readonly CodeInfo[] = [
  { code: 'yaml-syntax', severity: 'error', summary: 'The text is not valid YAML.' },
  { code: 'duplicate-key', severity: 'error', summary: 'A mapping has the same key twice.' },
  { code: 'tab-indentation', severity: 'error', summary: 'A line is indented with a tab; YAML indents with spaces.' },
  { code: 'multiple-documents', severity: 'error', summary: 'The file holds more than one YAML document.' },
  { code: 'alias-limit', severity: 'error', summary: 'Aliases expand to more nodes than the limit, as in an alias bomb.' },
  { code: 'complex-key', severity: 'error', summary: 'A key is a mapping or a list instead of a name.' },
  { code: 'nesting-limit', severity: 'error', summary: 'A value nests deeper than the limit.' },
  { code: 'recursive-alias', severity: 'error', summary: 'An alias or merge key sits inside the value its anchor marks.' },
  { code: 'unknown-property', severity: 'error', summary: 'A mapping has a property the format does not define.' },
  { code: 'missing-property', severity: 'error', summary: 'A mapping lacks a property the format requires.' },
  { code: 'invalid-value', severity: 'error', summary: 'A value has the wrong type or is not one of the allowed values.' },
  { code: 'too-many-problems', severity: 'error', summary: 'More problems were found than are shown.' },
  { code: 'include-not-found', severity: 'error', summary: 'An included file does not exist.' },
  { code: 'include-cycle', severity: 'error', summary: 'Files include each other in a cycle.' },
  { code: 'include-outside-workspace', severity: 'error', summary: 'An include points outside the workspace folder.' },
  { code: 'include-remote', severity: 'error', summary: 'An include is a URL; nothing is fetched from the network.' },
  { code: 'include-not-relative', severity: 'error', summary: 'An include is an absolute path or empty.' },
  {
    code: 'unused-suppression',
    severity: 'warning',
    summary: 'A suppression comment silences nothing: no problem of its code is where it applies, or the code does not exist.',
  },
];

export function codeCatalog(): CodeInfo[] {
  const codes = [...BUILT_IN];
  for (const rule of RULES) {
    codes.push({ code: rule.code, severity: rule.severity, summary: rule.summary });
    for (const [code, { severity, summary }] of Object.entries(rule.alsoReports ?? {})) {
      codes.push({ code, severity, summary });
    }
  }
  return codes;
}
