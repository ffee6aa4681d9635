import type { FormField, FormSchema } from '@gotong/domain/form-schema';

export interface TypedValue {
  fieldKey: string;
  areaCode: string;
  unit: string | null;
  numberValue: string | null;
  textValue: string | null;
  booleanValue: boolean | null;
  dateValue: Date | null;
}

function typed(field: FormField, areaCode: string, value: unknown): TypedValue {
  const row: TypedValue = {
    fieldKey: field.key,
    areaCode,
    unit: field.unit ?? null,
    numberValue: null,
    textValue: null,
    booleanValue: null,
    dateValue: null,
  };
  switch (field.type) {
    case 'integer':
    case 'number':
      // Kept as a decimal string: exact in Postgres NUMERIC, no float rounding on the way.
      row.numberValue = String(value);
      break;
    case 'boolean':
      row.booleanValue = value === true;
      break;
    case 'date':
      row.dateValue = new Date(`${String(value)}T00:00:00Z`);
      break;
    case 'text':
    case 'longtext':
    case 'select':
      row.textValue = String(value);
      break;
  }
  return row;
}

/**
 * A validated contribution as typed rows keyed by form field (and area code for
 * per-desa/per-kecamatan fields), so figures can be queried and later published
 * as one-door data without parsing JSON.
 */
export function typedValues(form: FormSchema, values: Record<string, unknown>): TypedValue[] {
  const rows: TypedValue[] = [];
  for (const field of form.fields) {
    const value = values[field.key];
    if (value === undefined || value === null) continue;
    if (field.perArea) {
      for (const [areaCode, areaValue] of Object.entries(value as Record<string, unknown>)) {
        if (areaValue !== undefined && areaValue !== null) rows.push(typed(field, areaCode, areaValue));
      }
    } else {
      rows.push(typed(field, '', value));
    }
  }
  return rows;
}
