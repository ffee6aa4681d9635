import { dueBefore, isDueWindow } from './due-filter';

describe('the inbox due-within filter', () => {
  it('counts to the end of the day in WIB', () => {
    // 23 November 2026, 22:30 WIB (15:30 UTC): today ends at 24 November 00:00 WIB = 23 November 17:00 UTC.
    const now = new Date('2026-11-23T15:30:00Z');
    expect(dueBefore('today', now)).toBe('2026-11-23T17:00:00.000Z');
    expect(dueBefore('3d', now)).toBe('2026-11-25T17:00:00.000Z');
    expect(dueBefore('7d', now)).toBe('2026-11-29T17:00:00.000Z');
  });

  it('treats the early hours of a WIB day as that day, not the UTC one before', () => {
    // 24 November 01:00 WIB is 23 November 18:00 UTC.
    expect(dueBefore('today', new Date('2026-11-23T18:00:00Z'))).toBe('2026-11-24T17:00:00.000Z');
  });

  it('accepts only the known windows from the URL', () => {
    expect(isDueWindow('3d')).toBe(true);
    expect(isDueWindow('30d')).toBe(false);
    expect(isDueWindow(null)).toBe(false);
  });
});
