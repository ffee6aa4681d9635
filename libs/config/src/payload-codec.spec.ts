import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigError, loadConfig } from './config';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  parsePayloadKeys,
  PayloadDecryptionError,
  payloadEncoding,
} from './payload-codec';
import { temporalDataConverter } from './temporal-data-converter';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
/** What a contribution carries: a citizen's name and NIK in a free-text note. */
const CONTRIBUTION = { values: { catatan: 'Siti Aminah, NIK 3513024101900001', jumlah: 37 } };

const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('AesGcmPayloadCodec', () => {
  it('encrypts a payload so that nothing of it is readable, and decrypts it back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const original = plain(CONTRIBUTION);
    const [encrypted] = await codec.encode([original]);
    expect(payloadEncoding(encrypted!)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata?.[KEY_ID_METADATA])).toBe('k1');
    // Neither the value nor its original encoding (json/plain) is left in the clear.
    const raw = Buffer.from(JSON.stringify(encrypted));
    expect(text(encrypted!.data)).not.toContain('Siti Aminah');
    expect(raw.toString()).not.toContain('json/plain');
    expect(text(encrypted!.data)).not.toContain('3513024101900001');
    const [decrypted] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual(CONTRIBUTION);
    expect(payloadEncoding(decrypted!)).toBe('json/plain');
  });

  it('uses a fresh IV for every payload: the same value encrypts differently each time', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [a, b] = await codec.encode([plain(CONTRIBUTION), plain(CONTRIBUTION)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  it('keeps empty and binary payloads intact (undefined, byte arrays)', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const originals = [plain(undefined), plain(bytes), plain([])];
    const decoded = await codec.decode(await codec.encode(originals));
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([undefined, bytes, []]);
  });

  describe('rotation', () => {
    it('encrypts with the first key and still decrypts what older keys encrypted', async () => {
      const before = new AesGcmPayloadCodec([k1]);
      const [old] = await before.encode([plain(CONTRIBUTION)]);
      const after = new AesGcmPayloadCodec([k2, k1]);
      expect(after.currentKeyId).toBe('k2');
      const [fresh] = await after.encode([plain(CONTRIBUTION)]);
      expect(text(fresh!.metadata?.[KEY_ID_METADATA])).toBe('k2');
      const decoded = await after.decode([old!, fresh!]);
      expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
        CONTRIBUTION,
        CONTRIBUTION,
      ]);
    });

    it('refuses a payload whose key is no longer configured, naming the key id and the known ones', async () => {
      const [old] = await new AesGcmPayloadCodec([k1]).encode([plain(CONTRIBUTION)]);
      const withoutK1 = new AesGcmPayloadCodec([k2]);
      await expect(withoutK1.decode([old!])).rejects.toThrow(PayloadDecryptionError);
      await expect(withoutK1.decode([old!])).rejects.toThrow(
        'a payload is encrypted with key "k1", which is not in PAYLOAD_ENCRYPTION_KEYS (known: k2); add that key back to decrypt it',
      );
    });
  });

  describe('tampering', () => {
    it('refuses a payload whose ciphertext was altered', async () => {
      const codec = new AesGcmPayloadCodec([k1]);
      const [encrypted] = await codec.encode([plain(CONTRIBUTION)]);
      const data = Buffer.from(encrypted!.data!);
      data[20] = data[20]! ^ 0x01;
      await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow(
        'a payload encrypted with key "k1" does not authenticate: it was altered, or "k1" is not the key it was encrypted with',
      );
    });

    it('refuses a payload relabelled with another configured key id (the id is authenticated too)', async () => {
      const codec = new AesGcmPayloadCodec([k1, { id: 'k1b', key: k1.key }]);
      const [encrypted] = await codec.encode([plain(CONTRIBUTION)]);
      const relabelled = {
        ...encrypted!,
        metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: Buffer.from('k1b') },
      };
      await expect(codec.decode([relabelled])).rejects.toThrow('does not authenticate');
    });

    it('refuses a truncated payload and one without a key id', async () => {
      const codec = new AesGcmPayloadCodec([k1]);
      const [encrypted] = await codec.encode([plain(CONTRIBUTION)]);
      await expect(codec.decode([{ ...encrypted!, data: Buffer.alloc(10) }])).rejects.toThrow(
        'too short to hold an IV and a tag',
      );
      await expect(
        codec.decode([{ metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data: encrypted!.data! }]),
      ).rejects.toThrow(`an encrypted payload has no ${KEY_ID_METADATA} in its metadata`);
    });
  });

  it('passes payloads that are not encrypted through unchanged (histories from before, replay fixtures)', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const old = [plain(CONTRIBUTION), plain(undefined), { metadata: {}, data: Buffer.from('x') }];
    expect(await codec.decode(old)).toEqual(old);
  });
});

describe('PAYLOAD_ENCRYPTION_KEYS', () => {
  const b64 = (bytes: Buffer) => bytes.toString('base64');

  it('reads "<id>:<base64>" entries, the first one first', () => {
    expect(parsePayloadKeys(` k2:${b64(k2.key)} , k1:${b64(k1.key)}`)).toEqual({ keys: [k2, k1] });
    // The URL-safe alphabet and a missing padding character are accepted too.
    const urlSafe = b64(k1.key).replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, '');
    expect(parsePayloadKeys(`k1:${urlSafe}`)).toEqual({ keys: [k1] });
  });

  it('is required by the configuration, and a bad value is refused with a message that does not quote the key', () => {
    const base = { JWT_SECRET: 'a'.repeat(32) };
    const refusal = (value: string | undefined) => {
      try {
        loadConfig({ ...base, ...(value === undefined ? {} : { PAYLOAD_ENCRYPTION_KEYS: value }) });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${value}`);
    };
    expect(refusal(undefined)).toBe(
      'Invalid configuration:\n  PAYLOAD_ENCRYPTION_KEYS: is required: "<id>:<base64 of 32 random bytes>", e.g. k1:$(openssl rand -base64 32)',
    );
    expect(refusal('  ')).toContain('PAYLOAD_ENCRYPTION_KEYS: needs at least one key');
    const short = b64(randomBytes(16));
    const message = refusal(`k1:${short}`);
    expect(message).toContain(
      'PAYLOAD_ENCRYPTION_KEYS: key "k1" must be exactly 32 bytes in base64 (44 characters, e.g. from openssl rand -base64 32)',
    );
    expect(message).not.toContain(short);
    expect(refusal(b64(k1.key))).toContain(
      'PAYLOAD_ENCRYPTION_KEYS: key 1 has no id: write it as "<id>:<base64 of 32 random bytes>"',
    );
    expect(refusal(`k1:${b64(k1.key)},k1:${b64(k2.key)}`)).toContain(
      'PAYLOAD_ENCRYPTION_KEYS: key id "k1" is listed twice',
    );
    expect(refusal(`bad id!:${b64(k1.key)}`)).toContain('key 1: the id must be 1-32 letters');
    expect(refusal(`k1:${b64(k1.key)}!`)).toContain('key "k1" must be exactly 32 bytes');
  });
});

describe('temporalDataConverter', () => {
  const config = { PAYLOAD_ENCRYPTION_KEYS: [k1] };

  it('encrypts failure messages and stack traces too: they travel as an encrypted payload', async () => {
    const { failureConverter, payloadConverter, payloadCodecs } = loadDataConverter(
      temporalDataConverter(config),
    );
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable('Siti Aminah: jumlah tidak valid', 'InvalidContribution'),
      payloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [encrypted] = await payloadCodecs[0]!.encode([failure.encodedAttributes!]);
    expect(text(encrypted!.data)).not.toContain('Siti Aminah');
    const [decrypted] = await payloadCodecs[0]!.decode([encrypted!]);
    const error = failureConverter.failureToError(
      { ...failure, encodedAttributes: decrypted },
      payloadConverter,
    ) as ApplicationFailure;
    expect(error.message).toBe('Siti Aminah: jumlah tidak valid');
    expect(error.type).toBe('InvalidContribution');
  });
});
