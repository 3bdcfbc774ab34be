/**
 * Turns contract names into TypeScript identifiers and file names. A contract name is any string,
 * so the mapping keeps letters and digits of every script, drops everything else, and fixes what
 * would not parse: a leading digit, a reserved word, a name with no letter at all. Two names can
 * map to one identifier; name-plan.ts finds those pairs before anything is generated.
 */
import { memoByString } from '../rules/memo';

/**
 * The reserved words of ECMAScript 2024 in strict-mode modules, and `constructor`, which a class
 * method cannot be called. Property names may be reserved words, but generated members avoid them
 * so that they read the same as a variable of that name would.
 */
const RESERVED_WORDS = new Set([
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  'constructor',
]);

/**
 * Properties every object inherits. A handler or client member of one of these names would find
 * the inherited one when the member is missing, so generated members never take them.
 */
const INHERITED_MEMBERS = new Set(
  Object.getOwnPropertyNames(Object.prototype).concat(['__proto__', 'prototype', 'then']),
);

// ID_Start and ID_Continue are the Unicode properties the ECMAScript grammar builds identifiers
// from. Zero-width joiners are ID_Continue too, but they make names that look alike, so they split
// words instead. Node.js follows a newer Unicode version than the scanners of TypeScript 5 and of
// older engines, so identifiers keep only characters of the Basic Multilingual Plane that Unicode
// 15.0 already had: the characters outside the plane and the letters and marks Unicode 15.1 to 17.0
// added to it (listed below) split words instead.
const WORD_CHARACTER = /[\p{ID_Continue}]/u;
const IDENTIFIER_START = /^[\p{ID_Start}]/u;
const NEWER_THAN_UNICODE_15 =
  /[\u088f\u0897\u0c5c\u0cdc\u1acf-\u1add\u1ae0-\u1aeb\u1c89\u1c8a\ua7cb-\ua7cf\ua7d2\ua7d4\ua7da-\ua7dc\ua7f1]/u;

/** Returns whether a character (one code point) may be part of a generated identifier. */
function isWordCharacter(character: string): boolean {
  return (
    character.length === 1 &&
    character !== '_' &&
    !ZERO_WIDTH.test(character) &&
    WORD_CHARACTER.test(character) &&
    !NEWER_THAN_UNICODE_15.test(character)
  );
}
const UPPERCASE = /\p{Lu}/u;
const LOWERCASE = /\p{Ll}/u;
const ZERO_WIDTH = /[\u200c\u200d]/u;

/** Splits a name into words at every character that is not a letter, digit or combining mark. */
export function splitWords(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const character of name.normalize('NFC')) {
    if (!isWordCharacter(character)) {
      if (current !== '') words.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  if (current !== '') words.push(current);
  return words;
}

function capitalize(word: string): string {
  const [first = '', ...rest] = word;
  return first.toUpperCase() + rest.join('');
}

function isAllUppercase(word: string): boolean {
  return UPPERCASE.test(word) && !LOWERCASE.test(word);
}

/**
 * Lowercases the leading capitals of a word: 'OrderPlaced' -> 'orderPlaced', 'XMLParser' ->
 * 'xmlParser', 'SKU' -> 'sku'.
 */
function lowerLeading(word: string): string {
  const characters = [...word];
  let run = 0;
  while (run < characters.length && UPPERCASE.test(characters[run]!)) run++;
  if (run === characters.length) return word.toLowerCase();
  const lowered = run > 1 ? run - 1 : run;
  return characters.slice(0, lowered).join('').toLowerCase() + characters.slice(lowered).join('');
}

/** Writes the code points of a name without letters, so that it still gets an identifier. */
function codePointName(name: string): string {
  const points = [...name].map((character) => character.codePointAt(0)!.toString(16));
  return `_${points.join('_')}`;
}

/** Writes an all-capitals word of a longer name as a capitalized one: ORDER_ID -> OrderId. */
function caseWord(word: string, many: boolean): string {
  return many && isAllUppercase(word) ? capitalize(word.toLowerCase()) : word;
}

function startValidly(identifier: string): string {
  return IDENTIFIER_START.test(identifier) ? identifier : `_${identifier}`;
}

/**
 * Maps a contract name to a PascalCase type or class name: 'order-placed' -> 'OrderPlaced'. The
 * first letter is a capital, so the result is never a reserved word or a type keyword.
 */
export const typeName = memoByString(computeTypeName);

function computeTypeName(name: string): string {
  const words = splitWords(name);
  if (words.length === 0) return codePointName(name);
  const many = words.length > 1;
  return startValidly(words.map((word) => capitalize(caseWord(word, many))).join(''));
}

/**
 * Maps a contract name to a camelCase method or property name: 'get-order' -> 'getOrder'. Reserved
 * words and inherited property names get a trailing underscore: 'default' -> 'default_'.
 */
export const memberName = memoByString(computeMemberName);

function computeMemberName(name: string): string {
  const words = splitWords(name);
  if (words.length === 0) return codePointName(name);
  const many = words.length > 1;
  const [first = '', ...rest] = words;
  const joined =
    lowerLeading(first) + rest.map((word) => capitalize(caseWord(word, many))).join('');
  const identifier = startValidly(joined);
  const taken = RESERVED_WORDS.has(identifier) || INHERITED_MEMBERS.has(identifier);
  return taken ? `${identifier}_` : identifier;
}

/** Returns the word prefixed to a name: ('on', 'OrderPlaced') -> 'onOrderPlaced'. */
export function prefixedMember(prefix: string, name: string): string {
  return memberName(`${prefix} ${typeName(name)}`);
}

/**
 * Names a Windows device, which no file of any extension may be called on Windows, so generated
 * files never take these names.
 */
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * Maps a contract name to a lowercase kebab-case file stem: 'OrderService' -> 'order-service'.
 * File systems that ignore case see 'Orders' and 'orders' as one file, so stems are lowercase and
 * collide the same way on every system.
 */
export const fileStem = memoByString(computeFileStem);

function computeFileStem(name: string): string {
  const words = splitWords(name).flatMap(splitCamelWords);
  if (words.length === 0) return codePointName(name).slice(1).replace(/_/g, '-');
  const stem = words.map((word) => word.toLowerCase()).join('-');
  return DEVICE_NAMES.test(stem) ? `${stem}-service` : stem;
}

function splitCamelWords(word: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const character of word) {
    const startsWord =
      UPPERCASE.test(character) && current !== '' && LOWERCASE.test(current.slice(-1));
    if (startsWord) {
      parts.push(current);
      current = '';
    }
    current += character;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Returns whether text is an ASCII identifier that a property key can use without quotes. */
export function isPlainPropertyName(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) && text !== '__proto__';
}
