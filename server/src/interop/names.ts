/** Names for imported definitions: kebab-case for services and routes, unique within a section. */

/** `Swagger Petstore` -> `swagger-petstore`, `findPets` -> `find-pets`. */
export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** `find pets` -> `FindPets`, `get-board` -> `GetBoard`. */
export function pascalCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** `bearerAuth` -> `BEARER_AUTH`, for placeholder environment variable names. */
export function constantCase(text: string): string {
  const name = kebabCase(text).replace(/-/g, '_').toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

/** Hands out names that are unique within one section of a contract. */
export class NameSet {
  private readonly taken = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    for (const name of initial) this.taken.add(name);
  }

  /** Returns `wanted`, or `wanted` with the lowest free number appended. */
  claim(wanted: string): string {
    const base = wanted === '' ? 'unnamed' : wanted;
    let name = base;
    for (let counter = 2; this.taken.has(name); counter++) name = `${base}-${counter}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}
