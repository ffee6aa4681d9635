import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { loadConfig } from '@gotong/config/config';
import { temporalDataConverter } from '@gotong/config/temporal-data-converter';

export const HISTORIES_DIR = join(__dirname, '../replay/histories');

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history as a replay
 * fixture (test/replay/histories/<name>.json), in the JSON form that
 * `temporal workflow show --output json` and the Temporal UI export produce.
 * `options.runId` picks one run of a workflow that continued as new (the CLI
 * shows the latest run otherwise). Run once when a workflow gains a new
 * shape; the replay test then guards every stored history against
 * non-deterministic changes to workflow code. Payloads are stored decrypted (readable, and replayable
 * without the run's key): the codec passes plaintext through, so the fixtures replay as they are.
 */
export async function recordHistory(
  handle: WorkflowHandle,
  name: string,
  options: { runId?: string } = {},
): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  await handle.result();
  const json = execFileSync(
    process.env.TEMPORAL_CLI!,
    [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      // A run of a workflow that continued as new (e.g. its first); by default the latest run.
      ...(options.runId ? ['--run-id', options.runId] : []),
      '--address',
      process.env.TEMPORAL_ADDRESS!,
      '--output',
      'json',
    ],
    { encoding: 'utf8' },
  );
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const codecs = temporalDataConverter(loadConfig()).payloadCodecs ?? [];
  const history = await decodeHistoryJson(JSON.parse(json), codecs);
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), JSON.stringify(history, null, 2) + '\n');
}

/** A payload in a history's JSON form (proto JSON): metadata values and data in base64. */
interface PayloadJson {
  metadata: Record<string, string>;
  data?: string;
}

function isPayloadJson(value: unknown): value is PayloadJson {
  if (typeof value !== 'object' || value === null) return false;
  const { metadata } = value as { metadata?: unknown };
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).encoding === 'string'
  );
}

/**
 * A history in its JSON form (`temporal workflow show --output json`, the UI's export) with every payload
 * run through `codecs` (decoded, last codec first): encrypted payloads become the payloads they encrypt,
 * failure messages and stack traces (encodedAttributes) included.
 */
export async function decodeHistoryJson<T>(history: T, codecs: PayloadCodec[]): Promise<T> {
  const walk = async (value: unknown): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map(walk));
    if (typeof value !== 'object' || value === null) return value;
    if (isPayloadJson(value)) {
      let payloads: Payload[] = [
        {
          metadata: Object.fromEntries(
            Object.entries(value.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
          ),
          data: Buffer.from(value.data ?? '', 'base64'),
        },
      ];
      for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
      const [decoded] = payloads;
      return {
        metadata: Object.fromEntries(
          Object.entries(decoded?.metadata ?? {}).map(([k, v]) => [
            k,
            Buffer.from(v ?? []).toString('base64'),
          ]),
        ),
        data: Buffer.from(decoded?.data ?? []).toString('base64'),
      };
    }
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await walk(v)] as const),
    );
    return Object.fromEntries(entries);
  };
  return (await walk(history)) as T;
}
