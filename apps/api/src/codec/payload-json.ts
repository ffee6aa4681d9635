import { BadRequestException } from '@nestjs/common';
import type { Payload } from '@temporalio/common';

/**
 * Temporal's remote codec format (the UI's and the CLI's): `{"payloads": [{"metadata": {"encoding":
 * "<base64>", …}, "data": "<base64>"}]}`, the proto3 JSON form of Payloads, bytes in base64.
 */
export interface PayloadJson {
  metadata: Record<string, string>;
  data: string;
}

/** More than a history page's worth; the body limit (2 MB) caps the size anyway. */
export const MAX_PAYLOADS = 10_000;
const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/** The request body as payloads, or a 400 naming every problem ("payloads[2].data: …"). */
export function payloadsFromBody(body: unknown): Payload[] {
  const problems: string[] = [];
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.push('body: must be a JSON object {"payloads": [...]}');
  } else if (!Array.isArray(list)) {
    problems.push('payloads: must be an array of {"metadata": {...}, "data": "<base64>"}');
  } else if (list.length > MAX_PAYLOADS) {
    problems.push(`payloads: at most ${MAX_PAYLOADS} per request, not ${list.length}`);
  } else {
    const unknown = Object.keys(body).filter((key) => key !== 'payloads');
    for (const key of unknown) problems.push(`${key}: is not a field of a codec request (only payloads)`);
    const payloads = list.map((item, index) => payloadFromJson(item, `payloads[${index}]`, problems));
    if (problems.length === 0) return payloads;
  }
  throw new BadRequestException({ message: problems, error: 'Bad Request', statusCode: 400 });
}

function payloadFromJson(item: unknown, path: string, problems: string[]): Payload {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${path}: must be an object {"metadata": {...}, "data": "<base64>"}`);
    return {};
  }
  const { metadata, data, ...rest } = item as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.push(`${path}.${key}: is not a field of a payload`);
  const out: Payload = { metadata: {} };
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      problems.push(`${path}.metadata: must be an object of base64 strings`);
    } else {
      for (const [name, value] of Object.entries(metadata)) {
        if (typeof value !== 'string' || !BASE64.test(value))
          problems.push(`${path}.metadata.${name}: must be a base64 string`);
        else out.metadata![name] = Buffer.from(value, 'base64');
      }
    }
  }
  if (data !== undefined && data !== null) {
    if (typeof data !== 'string' || !BASE64.test(data))
      problems.push(`${path}.data: must be a base64 string`);
    else out.data = Buffer.from(data, 'base64');
  }
  return out;
}

export function payloadToJson(payload: Payload): PayloadJson {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[name] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}
