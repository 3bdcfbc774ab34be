import { Definition, KIND_NOUNS } from '../contract/model';

/** Names a definition in a message: `route 'create-order'`. */
export function nameOf(definition: Definition): string {
  return `${KIND_NOUNS[definition.kind]} '${definition.name}'`;
}

/** The same, capitalised for the start of a sentence. */
export function NameOf(definition: Definition): string {
  const text = nameOf(definition);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The `kind` a message or policy declares, if it is a string. */
export function declaredKind(definition: Definition): string | undefined {
  const kind = definition.spec['kind'];
  return typeof kind === 'string' ? kind : undefined;
}

export function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

export function quoteList(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}
