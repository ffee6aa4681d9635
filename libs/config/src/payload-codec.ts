import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

/**
 * Encryption of every Temporal payload (workflow and activity inputs and results, Update arguments, signals,
 * queries, memos, failure details, and failure messages and stack traces through the failure converter in
 * ./failure-converter.ts) with AES-256-GCM, so that contribution values, notes and instructions never sit in
 * plaintext in Temporal's database or UI. Used by every Temporal client and worker (./temporal-data-converter.ts)
 * and by the API's codec endpoint for the Temporal UI (apps/api/src/codec).
 *
 * An encrypted payload: metadata `encoding: binary/encrypted` and `encryption-key-id: <id>`; data = a random
 * 12-byte IV, the ciphertext, the 16-byte GCM tag. The plaintext is the whole original payload (its metadata,
 * so the original encoding too, and its data) as JSON with base64 values; the key id is authenticated too
 * (additional data), so relabelling a payload with another key id fails like any other tampering.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** One key of PAYLOAD_ENCRYPTION_KEYS: an id (kept in each payload's metadata) and 32 bytes. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Key ids: short and printable, since they sit in every payload's metadata and in error messages. */
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** 32 bytes in base64 (standard or URL-safe alphabet, padding optional): 43 characters and an optional `=`. */
const KEY_BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Parses PAYLOAD_ENCRYPTION_KEYS, "<id>:<base64 of 32 bytes>" entries separated by commas, the first the key
 * that encrypts, every one a key that decrypts (rotation: put the new key first, keep the old ones while any
 * history encrypted with them is kept). Returns the problems found instead, never quoting key material.
 */
export function parsePayloadKeys(value: string): { keys: PayloadKey[] } | { problems: string[] } {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0)
    return {
      problems: ['needs at least one key: "<id>:<base64 of 32 random bytes>" (openssl rand -base64 32)'],
    };
  const problems: string[] = [];
  const keys: PayloadKey[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const position = `key ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${position} has no id: write it as "<id>:<base64 of 32 random bytes>"`);
      return;
    }
    const id = entry.slice(0, colon).trim();
    const material = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      problems.push(
        `${position}: the id must be 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit`,
      );
      return;
    }
    if (seen.has(id)) {
      problems.push(`key id "${id}" is listed twice: each key needs its own id`);
      return;
    }
    seen.add(id);
    if (!KEY_BASE64.test(material)) {
      problems.push(
        `key "${id}" must be exactly ${KEY_BYTES} bytes in base64 (44 characters, e.g. from openssl rand -base64 32)`,
      );
      return;
    }
    keys.push({ id, key: Buffer.from(material, 'base64') });
  });
  return problems.length > 0 ? { problems } : { keys };
}

/** A payload this codec cannot decrypt: unknown key, altered ciphertext, malformed payload. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** The encoding a payload declares in its metadata, or undefined. */
export function payloadEncoding(payload: Payload): string | undefined {
  const encoding = payload.metadata?.encoding;
  return encoding ? text.decode(encoding) : undefined;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  /** `keys[0]` encrypts; every key decrypts. */
  constructor(keys: readonly PayloadKey[]) {
    const [current] = keys;
    if (!current) throw new Error('AesGcmPayloadCodec needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== KEY_BYTES)
        throw new Error(`key "${id}" must be ${KEY_BYTES} bytes, not ${key.length}`);
    }
    this.current = current;
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
  }

  /** The id of the key new payloads are encrypted with. */
  get currentKeyId(): string {
    return this.current.id;
  }

  // The work is synchronous (node:crypto); a failure still arrives as a rejected promise.
  encode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.encrypt(payload))));
  }

  /** Encrypted payloads are decrypted; any other payload (histories written before encryption, the replay
   * fixtures) passes through unchanged. */
  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) =>
      resolve(
        payloads.map((payload) =>
          payloadEncoding(payload) === ENCRYPTED_ENCODING ? this.decrypt(payload) : payload,
        ),
      ),
    );
  }

  encrypt(payload: Payload): Payload {
    const { id, key } = this.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(utf8.encode(id));
    const plaintext = utf8.encode(JSON.stringify(toJson(payload)));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(id) },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  decrypt(payload: Payload): Payload {
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!idBytes)
      throw new PayloadDecryptionError(`an encrypted payload has no ${KEY_ID_METADATA} in its metadata`);
    const id = text.decode(idBytes);
    const key = this.byId.get(id);
    if (!key)
      throw new PayloadDecryptionError(
        `a payload is encrypted with key "${id}", which is not in PAYLOAD_ENCRYPTION_KEYS (known: ${[...this.byId.keys()].join(', ')}); add that key back to decrypt it`,
      );
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(
        `an encrypted payload (key "${id}") is too short to hold an IV and a tag`,
      );
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(utf8.encode(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plaintext = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new PayloadDecryptionError(
        `a payload encrypted with key "${id}" does not authenticate: it was altered, or "${id}" is not the key it was encrypted with`,
      );
    }
    return fromJson(JSON.parse(plaintext.toString('utf8')) as PayloadJson);
  }
}

/** A payload as JSON: metadata values and data in base64 (the plaintext inside an encrypted payload). */
interface PayloadJson {
  metadata: Record<string, string>;
  data: string;
}

function toJson(payload: Payload): PayloadJson {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[name] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}

function fromJson(json: PayloadJson): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(json.metadata)) metadata[name] = Buffer.from(value, 'base64');
  return { metadata, data: Buffer.from(json.data, 'base64') };
}
