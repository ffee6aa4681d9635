import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live: one interface, two stores (libs/storage/src/local-disk-store.ts for `npm start`
 * and the tests, libs/storage/src/s3-store.ts for MinIO or any S3-compatible service). Keys are opaque,
 * slash-separated, written once and never overwritten: an attachment's bytes and its thumbnail are immutable
 * evidence (the database row holds the checksum).
 */
export interface ObjectStore {
  /** Which store this is, for logs and the health of a deployment ("local", "s3"). */
  readonly kind: 'local' | 's3';
  /** Stores the bytes under the key. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes under the key as a stream; throws ObjectNotFoundError when there are none. */
  get(key: string): Promise<Readable>;
  /** Whether the key holds bytes. */
  exists(key: string): Promise<boolean>;
  /** Removes the key (no error when it is already gone): for an upload whose database row was never written. */
  delete(key: string): Promise<void>;
  /** Releases connections (the S3 client's); nothing for a directory. */
  close?(): void;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no stored object under ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}

/** A key is path segments of letters, digits, dot, dash and underscore: nothing a store could read as a path. */
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new Error(`invalid object key: ${JSON.stringify(key)}`);
  }
}
