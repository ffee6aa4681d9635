import { wib } from './scorecards.controller';

describe('scorecard period boundaries', () => {
  it('reads a date as the start of that day in WIB, as OPD staff and leadership mean it', () => {
    expect(wib('2026-11-01').toISOString()).toBe('2026-10-31T17:00:00.000Z');
  });

  it('keeps the offset of a full timestamp', () => {
    expect(wib('2026-11-01T08:00:00Z').toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(wib('2026-11-01T08:00:00+07:00').toISOString()).toBe('2026-11-01T01:00:00.000Z');
  });
});
