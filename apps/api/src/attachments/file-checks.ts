import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { fileTypeFromBuffer } from 'file-type';

/** The types an attachment may have, judged from its content, with the name the refusal uses. */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'text/csv': 'CSV',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
};

/** Photos: these get a thumbnail. */
export const PHOTO_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

export type Judgement =
  | { ok: true; mediaType: string }
  /** What the content is (e.g. "application/x-msdownload (exe)"), or "unknown". */
  | { ok: false; found: string };

/**
 * The media type of a file from its content signature (file-type), never from its name or the type the browser
 * declared. CSV has no signature: a file that has none is taken as CSV only when it is named *.csv or declared
 * text/csv and its content parses as CSV text (UTF-8, no NUL bytes).
 */
export async function judgeContent(
  content: Buffer,
  fileName: string,
  declaredType: string,
): Promise<Judgement> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    return detected.mime in ALLOWED_TYPES
      ? { ok: true, mediaType: detected.mime }
      : { ok: false, found: `${detected.mime} (${detected.ext})` };
  }
  const saysCsv = /\.csv$/i.test(fileName) || /^text\/csv\b/i.test(declaredType);
  return saysCsv && isCsvText(content)
    ? { ok: true, mediaType: 'text/csv' }
    : { ok: false, found: 'unknown' };
}

function isCsvText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(content);
  if (text.includes('\uFFFD')) return false;
  try {
    const rows = parseCsv(text, { relax_column_count: true, bom: true, skip_empty_lines: true }) as unknown[];
    return rows.length > 0;
  } catch {
    return false;
  }
}

/** A file name fit to keep and to send back in Content-Disposition: its last path part, printable, ≤ 200 chars. */
export function cleanFileName(name: string | undefined, fallback: string): string {
  const last = basename((name ?? '').replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const printable = last.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (printable || fallback).slice(0, 200);
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** "10 MB" for the limits in messages. */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
