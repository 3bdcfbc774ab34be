/**
 * Path templates such as `/orders/{orderId}/items`. A segment is literal text with `{name}`
 * parameters in it; a parameter matches one or more characters other than `/`.
 */

export interface TemplateSegment {
  /** The segment as written. */
  text: string;
  /** Parameter names in order; empty for a literal segment. */
  parameters: string[];
  /** Matches the segment of a concrete path; undefined for a literal segment. */
  pattern: RegExp | undefined;
}

export interface PathTemplate {
  segments: TemplateSegment[];
  /** Every parameter name in order, repeats included. */
  parameters: string[];
  /** Problems with the template's syntax, as sentences. */
  errors: string[];
}

const PARAMETER = /\{([^{}/]*)\}/g;
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses a path template; results are cached by text, because routes rarely change. */
export function parsePathTemplate(path: string): PathTemplate {
  let template = templates.get(path);
  if (template === undefined) {
    if (templates.size >= 50_000) templates.clear();
    templates.set(path, (template = parseTemplate(path)));
  }
  return template;
}

const templates = new Map<string, PathTemplate>();

function parseTemplate(path: string): PathTemplate {
  const errors: string[] = [];
  const parameters: string[] = [];
  const segments = path
    .split('/')
    .slice(1)
    .map((text): TemplateSegment => {
      const names: string[] = [];
      const unmatched = text.replace(PARAMETER, '');
      if (unmatched.includes('{') || unmatched.includes('}')) {
        errors.push(`The segment '${text}' has a brace without its pair.`);
      }
      for (const match of text.matchAll(PARAMETER)) {
        const name = match[1]!;
        if (!PARAMETER_NAME.test(name)) {
          errors.push(`'{${name}}' is not a valid parameter: a name starts with a letter or _.`);
        }
        names.push(name);
      }
      parameters.push(...names);
      return { text, parameters: names, pattern: names.length === 0 ? undefined : segmentPattern(text) };
    });
  if (path.includes('?')) {
    errors.push(
      "The path contains '?', which a path template cannot have. Declare query parameters under 'query'.",
    );
  }
  if (path.includes('#')) {
    errors.push("The path contains '#': a fragment never reaches the server. Remove it.");
  }
  if (/\s/.test(path)) {
    errors.push('The path contains white space, which a URL cannot carry. Write it as %20.');
  }
  if (segments.slice(0, -1).some((segment) => segment.text === '')) {
    errors.push("The path has an empty segment ('//'). Remove the extra slash.");
  }
  if (segments.some((segment) => segment.text === '.' || segment.text === '..')) {
    errors.push(
      "The path has a '.' or '..' segment, which HTTP clients resolve before they send a request. " +
        'Write the path without it.',
    );
  }
  return { segments, parameters, errors };
}

function segmentPattern(text: string): RegExp {
  let source = '';
  let last = 0;
  for (const match of text.matchAll(PARAMETER)) {
    source += escapeRegExp(text.slice(last, match.index)) + '([^/]+)';
    last = match.index + match[0].length;
  }
  source += escapeRegExp(text.slice(last));
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The template with parameter names erased: two templates of one shape match the same paths. */
export function pathShape(template: PathTemplate): string {
  return '/' + template.segments.map((segment) => segment.text.replace(PARAMETER, '{}')).join('/');
}

/** Matches a concrete path, returning the parameter values, or undefined when it does not match. */
export function matchPath(template: PathTemplate, path: string): Record<string, string> | undefined {
  const parts = path.split('?')[0]!.split('/').slice(1);
  if (parts.length !== template.segments.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = template.segments[i]!;
    const part = parts[i]!;
    if (segment.pattern === undefined) {
      if (part !== segment.text) return undefined;
      continue;
    }
    const match = segment.pattern.exec(part);
    if (match === null) return undefined;
    segment.parameters.forEach((name, index) => {
      values[name] = decodeURIComponent(match[index + 1]!);
    });
  }
  return values;
}

/**
 * Orders templates for matching: at the first segment where they differ, a literal segment comes
 * before a segment with parameters, so `/users/me` wins over `/users/{id}` for "me".
 */
export function compareSpecificity(a: PathTemplate, b: PathTemplate): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const left = a.segments[i]!.pattern === undefined ? 0 : 1;
    const right = b.segments[i]!.pattern === undefined ? 0 : 1;
    if (left !== right) return left - right;
  }
  return 0;
}
