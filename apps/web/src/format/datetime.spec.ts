import { formatDateTimeWib, formatDateWib, formatNumber, formatTimeWib, isoDateWib } from './datetime';

describe('WIB date formatting', () => {
  // 00:30 UTC is 07:30 in Asia/Jakarta (UTC+7, no daylight saving).
  const instant = '2026-11-26T00:30:00.000Z';

  it('writes Indonesian dates the way staff read them, in WIB', () => {
    expect(formatDateTimeWib(instant, 'id')).toBe('Kamis, 26 November 2026 07.30 WIB');
    expect(formatDateWib(instant, 'id')).toBe('Kamis, 26 November 2026');
    expect(formatTimeWib(instant, 'id')).toBe('07.30 WIB');
  });

  it('keeps WIB in English too', () => {
    expect(formatDateTimeWib(instant, 'en')).toBe('Thursday, 26 November 2026 07:30 WIB');
  });

  it('moves to the next day when UTC is still on the previous one', () => {
    expect(formatDateTimeWib('2026-11-25T18:05:00Z', 'id')).toBe('Kamis, 26 November 2026 01.05 WIB');
    expect(formatDateTimeWib(new Date('2026-08-16T17:00:00Z'), 'id')).toBe(
      'Senin, 17 Agustus 2026 00.00 WIB',
    );
  });

  it('gives the WIB calendar day, optionally some days back', () => {
    const now = new Date('2026-11-25T18:05:00Z');
    expect(isoDateWib(now)).toBe('2026-11-26');
    expect(isoDateWib(now, 30)).toBe('2026-10-27');
  });

  it('formats numbers per language', () => {
    expect(formatNumber(1234.5, 'id')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
});
