/**
 * A contribution form as a spreadsheet: one row per area, one column per field. Only forms that are tables of
 * numbers fit (every field integer or number; a field per area lists its areas, as a data request's fields
 * do; a field without areas is one figure for the whole regency, on the kabupaten's row). Pure: the API writes
 * and reads the sheet with it, the web app asks it whether to offer the spreadsheet at all.
 */
import type { FormField, FormSchema } from './form-schema';
import { areaByCode, areaName } from './region';

/** The kabupaten's row: where figures for the whole regency (fields without perArea) go. */
export const KABUPATEN_ROW = '35.13';

export interface SheetColumn {
  field: FormField;
  /** The header cell: label, unit and the field key in brackets, e.g. `Rumah tangga miskin (rumah tangga) [rtMiskin]`. */
  header: string;
}

export interface SheetArea {
  code: string;
  name: string | null;
  /** The kecamatan of a desa or kelurahan (name), else null. */
  kecamatan: string | null;
  /** The keys of the fields asked for this area (a cell of another column stays empty). */
  fields: string[];
}

export interface SheetLayout {
  columns: SheetColumn[];
  areas: SheetArea[];
}

/** The header of a field's column. */
export function columnHeader(field: FormField): string {
  return `${field.label}${field.unit ? ` (${field.unit})` : ''} [${field.key}]`;
}

/** The field key a header names (`… [key]`), or null. */
export function headerKey(header: string): string | null {
  const match = /\[([a-z][a-zA-Z0-9_]*)\]\s*$/.exec(header.trim());
  return match ? match[1]! : null;
}

/** The sheet of a form, or null when the form is not a table of numbers (see above). */
export function sheetLayout(form: FormSchema | null | undefined): SheetLayout | null {
  if (!form || form.fields.length === 0) return null;
  const fits = form.fields.every(
    (f) =>
      (f.type === 'integer' || f.type === 'number') &&
      (f.perArea === undefined || (f.areas !== undefined && f.areas.length > 0)),
  );
  if (!fits) return null;
  const byArea = new Map<string, string[]>();
  for (const field of form.fields) {
    for (const area of field.perArea ? field.areas! : [KABUPATEN_ROW]) {
      const keys = byArea.get(area) ?? [];
      keys.push(field.key);
      byArea.set(area, keys);
    }
  }
  const areas = [...byArea.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, fields]) => {
      const area = areaByCode(code);
      const inKecamatan =
        area && (area.level === 'DESA' || area.level === 'KELURAHAN') ? area.parentCode : null;
      return {
        code,
        name: areaName(code),
        kecamatan: inKecamatan ? areaName(inKecamatan) : null,
        fields,
      };
    });
  return { columns: form.fields.map((field) => ({ field, header: columnHeader(field) })), areas };
}

/**
 * A number as typed into a spreadsheet cell that holds text (or a CSV): digits with an optional sign and one
 * decimal separator (`decimal`: '.' in XLSX and comma-separated CSV, ',' in a semicolon-separated CSV from an
 * Indonesian-locale spreadsheet). Thousands separators are refused rather than guessed. Undefined for a blank.
 */
export function parseSheetNumber(
  text: string,
  decimal: '.' | ',' = '.',
): { ok: true; value: number | undefined } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  const pattern = decimal === '.' ? /^[+-]?\d+(\.\d+)?$/ : /^[+-]?\d+(,\d+)?$/;
  if (!pattern.test(trimmed)) {
    return {
      ok: false,
      message: `"${trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed}" is not a number: write digits only, without thousands separators${decimal === '.' ? ' (decimals with a point, e.g. 12.5)' : ' (decimals with a comma, e.g. 12,5)'}`,
    };
  }
  return { ok: true, value: Number(trimmed.replace(',', '.')) };
}
