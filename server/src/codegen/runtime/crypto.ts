/**
 * AES-256-GCM for the payloads of messages the contract marks encrypted. The key is 32 bytes,
 * written in an environment variable as 64 hex digits or as base64.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An encrypted payload: a fresh 12-byte IV, the 16-byte tag and the ciphertext, all base64. */
export interface SealedPayload {
  readonly algorithm: 'aes-256-gcm';
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;

/** Reads the key from `variable` of `env`; throws an Error naming the variable when it is unusable. */
export function readKey(
  variable: string,
  env: Readonly<Record<string, string | undefined>>,
): Buffer {
  const text = env[variable]?.trim();
  if (text === undefined || text === '') {
    throw new Error(
      `Environment variable ${variable} is not set. Set it to a 32-byte AES-256 key, written as ` +
        '64 hex digits or in base64, to send and receive encrypted messages.',
    );
  }
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `Environment variable ${variable} holds a key of ${key.length} bytes; AES-256 needs 32 bytes, ` +
        'written as 64 hex digits or in base64.',
    );
  }
  return key;
}

/** Encrypts a payload's JSON text; `associated` (the message name) is authenticated too. */
export function seal(payload: unknown, key: Buffer, associated: string): SealedPayload {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const data = Buffer.concat([
    cipher.update(JSON.stringify(payload) ?? 'null', 'utf8'),
    cipher.final(),
  ]);
  return {
    algorithm: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Decrypts a sealed payload; throws when the key, the tag or the associated text does not match. */
export function open(sealed: SealedPayload, key: Buffer, associated: string): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const text = Buffer.concat([
    decipher.update(Buffer.from(sealed.data, 'base64')),
    decipher.final(),
  ]);
  return JSON.parse(text.toString('utf8')) as unknown;
}
