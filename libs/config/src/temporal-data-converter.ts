import { join } from 'node:path';
import type { DataConverter, LoadedDataConverter, Payload } from '@temporalio/common';
import type { AppConfig } from './config';
import { AesGcmPayloadCodec, type PayloadKey } from './payload-codec';
// Temporal loads the failure converter by path (below); importing it too makes every build that follows
// imports from an entry point (tsc with a file list, as test/faults.e2e.spec.ts compiles) emit it.
export { failureConverter } from './failure-converter';

/**
 * The module with the failure converter that encodes messages and stack traces as payloads, by path, as
 * Temporal loads it (`require` on the main thread, webpack in the workflow bundle). Without an extension so
 * that it resolves to failure-converter.ts from source and failure-converter.js in dist/.
 */
export const FAILURE_CONVERTER_PATH = join(__dirname, 'failure-converter');

/**
 * The one DataConverter of every Temporal client and worker (the API, the worker and the client its
 * activities start workflows with, scripts, benches and tests): payloads encrypted with the first of
 * PAYLOAD_ENCRYPTION_KEYS, decrypted with any of them, failure messages and stack traces encrypted too.
 */
export function temporalDataConverter(config: Pick<AppConfig, 'PAYLOAD_ENCRYPTION_KEYS'>): DataConverter {
  return dataConverterWithKeys(config.PAYLOAD_ENCRYPTION_KEYS);
}

export function dataConverterWithKeys(keys: readonly PayloadKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/**
 * A value from a payload read raw from a history (`fetchHistory`, `getWorkflowExecutionHistory`): such
 * payloads are as stored, encrypted, so they go through the client's codecs (last first) before its payload
 * converter, which alone would refuse the `binary/encrypted` encoding.
 */
export async function valueFromHistoryPayload<T>(
  converter: LoadedDataConverter,
  payload: Payload,
): Promise<T> {
  let payloads = [payload];
  for (const codec of [...converter.payloadCodecs].reverse()) payloads = await codec.decode(payloads);
  return converter.payloadConverter.fromPayload<T>(payloads[0]!);
}
