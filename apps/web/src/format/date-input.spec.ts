import { formatDateInput, isIsoDate, parseDateInput, parseTimeInput } from './date-input';

describe('dates typed day/month/year', () => {
  it('reads dd/mm/yyyy as the ISO date the API expects', () => {
    expect(parseDateInput('31/12/2026')).toBe('2026-12-31');
    expect(parseDateInput('07/01/2026')).toBe('2026-01-07');
  });

  it('reads one-digit days and months and the dash or dot separators people also use', () => {
    expect(parseDateInput('7/1/2026')).toBe('2026-01-07');
    expect(parseDateInput('07-01-2026')).toBe('2026-01-07');
    expect(parseDateInput(' 07.01.2026 ')).toBe('2026-01-07');
  });

  it('never reads the day as the month (no mm/dd/yyyy)', () => {
    expect(parseDateInput('12/01/2026')).toBe('2026-01-12');
    expect(parseDateInput('01/13/2026')).toBeNull();
  });

  it('refuses days the calendar does not have', () => {
    expect(parseDateInput('30/02/2026')).toBeNull();
    expect(parseDateInput('29/02/2026')).toBeNull();
    expect(parseDateInput('29/02/2028')).toBe('2028-02-29');
    expect(parseDateInput('00/01/2026')).toBeNull();
  });

  it('keeps an ISO date as it is and refuses other text', () => {
    expect(parseDateInput('2026-11-30')).toBe('2026-11-30');
    expect(parseDateInput('2026-02-30')).toBeNull();
    expect(parseDateInput('besok')).toBeNull();
    expect(parseDateInput('')).toBeNull();
    expect(parseDateInput('31/12/26')).toBeNull();
  });

  it('shows an ISO date as dd/mm/yyyy, and other text unchanged', () => {
    expect(formatDateInput('2026-01-07')).toBe('07/01/2026');
    expect(formatDateInput('')).toBe('');
    expect(formatDateInput('31/1')).toBe('31/1');
    expect(isIsoDate('2026-12-31')).toBe(true);
    expect(isIsoDate('31/12/2026')).toBe(false);
  });
});

describe('times typed on a 24-hour clock', () => {
  it('reads HH:mm, the Indonesian HH.mm and one-digit hours as HH:mm', () => {
    expect(parseTimeInput('21:00')).toBe('21:00');
    expect(parseTimeInput('21.30')).toBe('21:30');
    expect(parseTimeInput(' 7:05 ')).toBe('07:05');
    expect(parseTimeInput('00:00')).toBe('00:00');
  });

  it('refuses what is not a time of day', () => {
    for (const text of ['24:00', '12:60', '9 pm', '0930', '', '21:0'])
      expect(parseTimeInput(text)).toBeNull();
  });
});
