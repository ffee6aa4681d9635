import type { FormSchema } from './form-schema';
import { columnHeader, headerKey, KABUPATEN_ROW, parseSheetNumber, sheetLayout } from './form-sheet';

const form: FormSchema = {
  fields: [
    {
      key: 'rtMiskin',
      label: 'Rumah tangga miskin',
      type: 'integer',
      required: true,
      unit: 'rumah tangga',
      min: 0,
      perArea: 'desa',
      areas: ['35.13.23.2008', '35.13.23.2005'],
    },
    { key: 'ipm', label: 'Indeks pembangunan manusia', type: 'number', required: true, min: 0, max: 100 },
  ],
};

describe('a form as a spreadsheet', () => {
  it('has one row per area asked for (sorted, with names), the kabupaten row for a regency figure', () => {
    const layout = sheetLayout(form)!;
    expect(layout.columns.map((c) => c.header)).toEqual([
      'Rumah tangga miskin (rumah tangga) [rtMiskin]',
      'Indeks pembangunan manusia [ipm]',
    ]);
    expect(layout.areas).toEqual([
      { code: KABUPATEN_ROW, name: 'Kabupaten Probolinggo', kecamatan: null, fields: ['ipm'] },
      { code: '35.13.23.2005', name: expect.any(String), kecamatan: 'Tongas', fields: ['rtMiskin'] },
      { code: '35.13.23.2008', name: 'Tongas Wetan', kecamatan: 'Tongas', fields: ['rtMiskin'] },
    ]);
  });

  it('fits tables of numbers only', () => {
    expect(sheetLayout(null)).toBeNull();
    expect(
      sheetLayout({ fields: [{ key: 'catatan', label: 'Catatan', type: 'text', required: true }] }),
    ).toBeNull();
    // A field per desa that does not list its desa cannot be laid out in rows.
    expect(
      sheetLayout({
        fields: [{ key: 'terdampak', label: 'Terdampak', type: 'integer', required: true, perArea: 'desa' }],
      }),
    ).toBeNull();
  });

  it('reads the field key back from a header, whatever the label says', () => {
    expect(headerKey(columnHeader(form.fields[0]!))).toBe('rtMiskin');
    expect(headerKey('Label diubah [rtMiskin]  ')).toBe('rtMiskin');
    expect(headerKey('Kode wilayah')).toBeNull();
  });

  it('reads numbers typed as text, refusing thousands separators rather than guessing', () => {
    expect(parseSheetNumber('  ')).toEqual({ ok: true, value: undefined });
    expect(parseSheetNumber('1234')).toEqual({ ok: true, value: 1234 });
    expect(parseSheetNumber('-12.5')).toEqual({ ok: true, value: -12.5 });
    expect(parseSheetNumber('12,5', ',')).toEqual({ ok: true, value: 12.5 });
    expect(parseSheetNumber('1.234', ',')).toMatchObject({ ok: false });
    expect(parseSheetNumber('1,234')).toMatchObject({ ok: false });
    expect(parseSheetNumber('dua puluh')).toEqual({
      ok: false,
      message: expect.stringMatching(/^"dua puluh" is not a number/),
    });
  });
});
