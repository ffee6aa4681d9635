import { parseDurationMs } from './duration';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDurationMs: SLA and timeout durations typed by people', () => {
  it.each<[string, number]>([
    ['3 days', 3 * DAY],
    ['4 hours', 4 * HOUR],
    ['90 minutes', 90 * MINUTE],
    ['30m', 30 * MINUTE],
    ['10s', 10 * SECOND],
    ['1 week', 7 * DAY],
    ['1.5h', 1.5 * HOUR],
    ['3 Days', 3 * DAY],
  ])('reads %j as milliseconds', (value, ms) => {
    expect(parseDurationMs(value)).toBe(ms);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseDurationMs(' 2 h ')).toBe(2 * HOUR);
    expect(parseDurationMs('\t3 days\n')).toBe(3 * DAY);
  });

  it.each(['soon', '', '   ', 'three days', '3 fortnights', 'Infinity'])(
    'refuses %j (not a duration)',
    (value) => {
      expect(parseDurationMs(value)).toBeNull();
    },
  );

  it.each(['0s', '0', '-5m', '-1 day'])('refuses %j (not a positive duration)', (value) => {
    expect(parseDurationMs(value)).toBeNull();
  });
});
