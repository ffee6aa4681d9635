import {
  escalationLevel,
  fitTitle,
  formatDate,
  formatDateTime,
  formatList,
  formatNumber,
  incidentStatusLabel,
  MAX_TITLE_LENGTH,
  oneLine,
  severityLabel,
  truncate,
} from './format';

describe('formatDateTime', () => {
  it('shows an instant in WIB, Indonesian with a dot in the time, English with a colon', () => {
    expect(formatDateTime('2026-11-23T08:00:00Z', 'id')).toBe('Senin, 23 November 2026 15.00 WIB');
    expect(formatDateTime('2026-11-23T08:00:00Z', 'en')).toBe('Monday, 23 November 2026 15:00 WIB');
  });

  it('moves to the next WIB day from 17:00 UTC', () => {
    expect(formatDateTime('2026-11-22T17:00:00.000Z', 'id')).toBe('Senin, 23 November 2026 00.00 WIB');
    expect(formatDateTime('2026-11-22T16:59:00.000Z', 'id')).toBe('Minggu, 22 November 2026 23.59 WIB');
  });

  it('reads an instant with another offset correctly and one without an offset as WIB', () => {
    expect(formatDateTime('2026-08-17T10:00:00+09:00', 'id')).toBe('Senin, 17 Agustus 2026 08.00 WIB');
    expect(formatDateTime('2026-08-17T10:00:00', 'en')).toBe('Monday, 17 August 2026 10:00 WIB');
  });

  it('shows an unreadable date as it is rather than failing the notification', () => {
    expect(formatDateTime('besok pagi', 'id')).toBe('besok pagi');
  });
});

describe('formatDate', () => {
  it('shows a local date with its weekday', () => {
    expect(formatDate('2026-11-23', 'id')).toBe('Senin, 23 November 2026');
    expect(formatDate('2026-11-23', 'en')).toBe('Monday, 23 November 2026');
    expect(formatDate('2026-12-31', 'id')).toBe('Kamis, 31 Desember 2026');
  });
});

describe('numbers and lists', () => {
  it('uses the decimal separator of the language', () => {
    expect(formatNumber(62.5, 'id')).toBe('62,5');
    expect(formatNumber(62.5, 'en')).toBe('62.5');
    expect(formatNumber(75, 'id')).toBe('75');
  });

  it('joins lists in the language', () => {
    expect(formatList(['Kraksaan', 'Paiton', 'Gending'], 'id')).toBe('Kraksaan, Paiton, dan Gending');
    expect(formatList(['Kraksaan', 'Paiton'], 'en')).toBe('Kraksaan and Paiton');
  });
});

describe('titles', () => {
  it('oneLine collapses newlines and runs of spaces', () => {
    expect(oneLine('  Rapat\nkoordinasi \t  banjir ')).toBe('Rapat koordinasi banjir');
  });

  it('truncate keeps short text and cuts long text with an ellipsis', () => {
    expect(truncate('Pendek', 10)).toBe('Pendek');
    expect(truncate('abcdefghij', 10)).toBe('abcdefghij');
    expect(truncate('abcdefghijk', 10)).toBe('abcdefghi…');
    expect(truncate('abcd efghijk', 6)).toBe('abcd…');
  });

  it('truncate never splits an emoji', () => {
    const cut = truncate('🌊🌊🌊🌊', 3);
    expect(cut).toBe('🌊🌊…');
    expect(Array.from(cut)).toHaveLength(3);
  });

  it('fitTitle shortens the subject and keeps the fixed text', () => {
    const title = fitTitle((t) => `Pengingat: ${t} (75% waktu telah berlalu)`, 'x'.repeat(300));
    expect(Array.from(title)).toHaveLength(MAX_TITLE_LENGTH);
    expect(title.startsWith('Pengingat: xxx')).toBe(true);
    expect(title.endsWith('… (75% waktu telah berlalu)')).toBe(true);
  });

  it('fitTitle cuts the whole title when the fixed text alone is too long', () => {
    const title = fitTitle((t) => `${'Dinas '.repeat(30)}: ${t}`, 'Tugas');
    expect(Array.from(title).length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('labels', () => {
  it('names the escalation levels of the Pemkab', () => {
    expect(escalationLevel(1, 'id')).toBe('tingkat 1 (Kepala OPD)');
    expect(escalationLevel(2, 'id')).toBe('tingkat 2 (Sekretaris Daerah)');
    expect(escalationLevel(3, 'id')).toBe('tingkat 3 (Bupati / Wakil Bupati)');
    expect(escalationLevel(1, 'en')).toBe('level 1 – Head of agency (Kepala OPD)');
    expect(escalationLevel(2, 'en')).toBe('level 2 – Regional Secretary (Sekda)');
    expect(escalationLevel(3, 'en')).toBe('level 3 – Regent / Vice Regent (Bupati / Wakil Bupati)');
    expect(escalationLevel(4, 'id')).toBe('tingkat 4');
  });

  it('translates known severities and statuses and passes unknown codes through', () => {
    expect(severityLabel('BERAT', 'id')).toBe('Berat');
    expect(severityLabel('BERAT', 'en')).toBe('Severe');
    expect(severityLabel('EKSTREM', 'en')).toBe('EKSTREM');
    expect(incidentStatusLabel('TANGGAP_DARURAT', 'id')).toBe('Tanggap darurat');
    expect(incidentStatusLabel('TANGGAP_DARURAT', 'en')).toBe('Emergency response');
  });
});
