import type { FormSchema } from '@gotong/domain/form-schema';
import { typedValues } from './typed-values';

describe('typedValues', () => {
  const form: FormSchema = {
    fields: [
      {
        key: 'diukur',
        label: 'Balita diukur',
        type: 'integer',
        required: true,
        unit: 'anak',
        perArea: 'desa',
      },
      { key: 'anggaran', label: 'Anggaran', type: 'number', required: true, unit: 'Rp' },
      { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
      { key: 'tuntas', label: 'Tuntas', type: 'boolean', required: true },
      { key: 'tanggal', label: 'Tanggal', type: 'date', required: true },
      { key: 'tingkat', label: 'Tingkat', type: 'select', required: true, options: ['ringan', 'berat'] },
    ],
  };

  it('turns a validated contribution into one typed row per field and area, with its unit', () => {
    const rows = typedValues(form, {
      diukur: { '35.13.08.2001': 120, '35.13.08.2002': 95 },
      anggaran: 1250000.5,
      tuntas: false,
      tanggal: '2026-11-20',
      tingkat: 'berat',
    });
    const blank = { unit: null, numberValue: null, textValue: null, booleanValue: null, dateValue: null };
    expect(rows).toEqual([
      { ...blank, fieldKey: 'diukur', areaCode: '35.13.08.2001', unit: 'anak', numberValue: '120' },
      { ...blank, fieldKey: 'diukur', areaCode: '35.13.08.2002', unit: 'anak', numberValue: '95' },
      { ...blank, fieldKey: 'anggaran', areaCode: '', unit: 'Rp', numberValue: '1250000.5' },
      { ...blank, fieldKey: 'tuntas', areaCode: '', booleanValue: false },
      { ...blank, fieldKey: 'tanggal', areaCode: '', dateValue: new Date('2026-11-20T00:00:00Z') },
      { ...blank, fieldKey: 'tingkat', areaCode: '', textValue: 'berat' },
    ]);
  });
});
