import { rollUpSitreps } from '@gotong/domain/emergency';
import {
  DOMAIN_SITREP_FIELDS,
  hasFigures,
  isSitrepField,
  nextStatuses,
  parseDesaCodes,
  rollUpChart,
  rollUpRows,
  SITREP_FIELD_KEYS,
} from './incident-model';

describe('declaring an incident: the affected desa', () => {
  it('reads codes separated by commas, spaces or lines, once each, in the order given', () => {
    expect(parseDesaCodes('35.13.23.2001, 35.13.23.2002\n35.13.23.2001', ['35.13.23'])).toEqual({
      codes: ['35.13.23.2001', '35.13.23.2002'],
      invalid: [],
      outside: [],
    });
    expect(parseDesaCodes('  ', ['35.13.23'])).toEqual({ codes: [], invalid: [], outside: [] });
  });

  it('names entries that are not a kode wilayah desa and desa outside the chosen kecamatan', () => {
    expect(parseDesaCodes('35.13.23.2001 Tongas 35.13.08.2001', ['35.13.23'])).toEqual({
      codes: ['35.13.23.2001', '35.13.08.2001'],
      invalid: ['Tongas'],
      outside: ['35.13.08.2001'],
    });
  });
});

describe('incident status changes', () => {
  it('offers the forward steps, transisi back to tanggap, nothing once closed', () => {
    expect(nextStatuses('SIAGA_DARURAT')).toEqual(['TANGGAP_DARURAT', 'TRANSISI_DARURAT', 'CLOSED']);
    expect(nextStatuses('TANGGAP_DARURAT')).toEqual(['TRANSISI_DARURAT', 'CLOSED']);
    expect(nextStatuses('TRANSISI_DARURAT')).toEqual(['TANGGAP_DARURAT', 'CLOSED']);
    expect(nextStatuses('CLOSED')).toEqual([]);
  });
});

describe('sitrep roll-up for the table and chart', () => {
  const at = '2026-11-22T02:00:00Z';
  const rollUp = rollUpSitreps([
    { agencyCode: 'BPBD', desaCode: '35.13.23.2001', field: 'mengungsi', value: 120, reportedAt: at },
    { agencyCode: 'DINSOS', desaCode: '35.13.23.2001', field: 'mengungsi', value: 150, reportedAt: at },
    { agencyCode: 'BPBD', desaCode: '35.13.23.2001', field: 'terdampak', value: 400, reportedAt: at },
    { agencyCode: 'BPBD', desaCode: '35.13.23.2002', field: 'terdampak', value: 100, reportedAt: at },
    { agencyCode: 'BPBD', desaCode: '35.13.08.2001', field: 'rumahRusakBerat', value: 3, reportedAt: at },
  ]);

  it('lists each kecamatan then its desa, with the conflicting cells flagged', () => {
    expect(rollUpRows(rollUp)).toEqual([
      { level: 'kecamatan', code: '35.13.08', figures: { rumahRusakBerat: 3 }, conflicts: [] },
      { level: 'desa', code: '35.13.08.2001', figures: { rumahRusakBerat: 3 }, conflicts: [] },
      {
        level: 'kecamatan',
        code: '35.13.23',
        figures: { mengungsi: 150, terdampak: 500 },
        conflicts: ['mengungsi'],
      },
      {
        level: 'desa',
        code: '35.13.23.2001',
        figures: { mengungsi: 150, terdampak: 400 },
        conflicts: ['mengungsi'],
      },
      { level: 'desa', code: '35.13.23.2002', figures: { terdampak: 100 }, conflicts: [] },
    ]);
  });

  it('draws the people figures per kecamatan by name, missing ones as 0', () => {
    expect(rollUpChart(rollUp, new Map([['35.13.23', 'Tongas']]))).toEqual([
      { area: '35.13.08', terdampak: 0, mengungsi: 0, lukaLuka: 0, meninggal: 0, hilang: 0 },
      { area: 'Tongas', terdampak: 500, mengungsi: 150, lukaLuka: 0, meninggal: 0, hilang: 0 },
    ]);
    expect(hasFigures(rollUp)).toBe(true);
    expect(hasFigures(rollUpSitreps([]))).toBe(false);
  });
});

describe('sitrep fields', () => {
  it("are the domain's fields in the domain's order", () => {
    expect([...SITREP_FIELD_KEYS]).toEqual(DOMAIN_SITREP_FIELDS);
    expect(isSitrepField('mengungsi')).toBe(true);
    expect(isSitrepField('narasi')).toBe(false);
  });
});
