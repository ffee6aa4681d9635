import { formFromPreferences, preferencesPayload, quietHoursProblems } from './preferences';

const stored = {
  email: true,
  webhook: false,
  language: 'id' as const,
  quietHours: null,
  addresses: { email: 'a@b.go.id', phone: null },
};

describe('notification preferences form', () => {
  it('starts from the stored preferences, suggesting 21:00–06:00 when quiet hours are off', () => {
    expect(formFromPreferences(stored)).toEqual({
      email: true,
      webhook: false,
      language: 'id',
      quiet: false,
      start: '21:00',
      end: '06:00',
    });
    expect(formFromPreferences({ ...stored, quietHours: { start: '22:30', end: '05:00' } })).toMatchObject({
      quiet: true,
      start: '22:30',
      end: '05:00',
    });
  });

  it('checks quiet hours only when switched on: a 24-hour time, start and end different', () => {
    expect(quietHoursProblems({ quiet: false, start: 'x', end: 'y' })).toEqual({});
    expect(quietHoursProblems({ quiet: true, start: '21:00', end: '06:00' })).toEqual({});
    // 6:00 and 21.00 (as Indonesian writes it) are times too.
    expect(quietHoursProblems({ quiet: true, start: '21.00', end: '6:00' })).toEqual({});
    expect(quietHoursProblems({ quiet: true, start: '24:00', end: '6 pagi' })).toEqual({
      start: 'startFormat',
      end: 'endFormat',
    });
    expect(quietHoursProblems({ quiet: true, start: '21:00', end: ' 21.00' })).toEqual({ end: 'same' });
  });

  it('sends null quiet hours when switched off', () => {
    const form = { ...formFromPreferences(stored), language: 'en' as const };
    expect(preferencesPayload(form)).toEqual({
      email: true,
      webhook: false,
      language: 'en',
      quietHours: null,
    });
    expect(preferencesPayload({ ...form, quiet: true, start: ' 22.00', end: '5:30' }).quietHours).toEqual({
      start: '22:00',
      end: '05:30',
    });
  });
});
