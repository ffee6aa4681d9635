import { deliverAt, isUrgent, parseQuietHours, QuietHoursError, type UrgencyFacts } from './quiet-hours';

// WIB is UTC+7 all year: 21:00 WIB = 14:00Z, 06:00 WIB = 23:00Z the day before, 00:00 WIB = 17:00Z the day before.
const NIGHT = { start: '21:00', end: '06:00' };
const LUNCH = { start: '12:00', end: '13:00' };

function at(iso: string): Date {
  return new Date(iso);
}

function deliver(nowIso: string, quietHours: { start: string; end: string } | null, urgent = false): string {
  return deliverAt(at(nowIso), quietHours, urgent).toISOString();
}

describe('parseQuietHours', () => {
  it('accepts HH:mm windows, wrapping midnight or not', () => {
    expect(parseQuietHours(NIGHT)).toEqual(NIGHT);
    expect(parseQuietHours(LUNCH)).toEqual(LUNCH);
    expect(parseQuietHours({ start: '00:00', end: '23:59' })).toEqual({ start: '00:00', end: '23:59' });
  });

  it.each(['7:00', '24:00', '12:60', '12.00', '', '21:00:00', ' 21:00', 'abc'])(
    'refuses the time %j',
    (bad) => {
      expect(() => parseQuietHours({ start: bad, end: '06:00' })).toThrow(QuietHoursError);
      expect(() => parseQuietHours({ start: '21:00', end: bad })).toThrow(
        /quiet hours end must be a time 'HH:mm'/,
      );
    },
  );

  it('refuses a value that is not a string (data read back from JSON)', () => {
    expect(() =>
      parseQuietHours({ start: 2100, end: '06:00' } as unknown as { start: string; end: string }),
    ).toThrow(/quiet hours start must be a time 'HH:mm' from 00:00 to 23:59, got 2100/);
  });

  it('refuses a window that starts where it ends', () => {
    expect(() => parseQuietHours({ start: '22:00', end: '22:00' })).toThrow(
      new QuietHoursError(
        'quiet hours start and end must differ (got 22:00–22:00); an empty or all-day window is not allowed',
      ),
    );
  });

  it('throws an error named QuietHoursError that is also an Error', () => {
    try {
      parseQuietHours({ start: 'x', end: '06:00' });
      throw new Error('expected a QuietHoursError');
    } catch (error) {
      expect(error).toBeInstanceOf(QuietHoursError);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('QuietHoursError');
    }
  });
});

describe('deliverAt, night window 21:00–06:00 WIB (wraps midnight)', () => {
  it('delivers at once just before the window starts', () => {
    expect(deliver('2026-11-23T13:59:59.999Z', NIGHT)).toBe('2026-11-23T13:59:59.999Z'); // 20:59:59.999 WIB
  });

  it('holds from the start instant (inclusive) until 06:00 WIB the next morning', () => {
    expect(deliver('2026-11-23T14:00:00.000Z', NIGHT)).toBe('2026-11-23T23:00:00.000Z'); // 21:00 → 06:00 WIB 24 Nov
  });

  it('holds late evening until the next morning', () => {
    expect(deliver('2026-11-23T16:59:59.999Z', NIGHT)).toBe('2026-11-23T23:00:00.000Z'); // 23:59:59.999 WIB
  });

  it('holds at and after midnight until 06:00 the same WIB day', () => {
    expect(deliver('2026-11-23T17:00:00.000Z', NIGHT)).toBe('2026-11-23T23:00:00.000Z'); // 00:00 WIB 24 Nov
    expect(deliver('2026-11-23T20:30:00.000Z', NIGHT)).toBe('2026-11-23T23:00:00.000Z'); // 03:30 WIB
    expect(deliver('2026-11-23T22:59:59.999Z', NIGHT)).toBe('2026-11-23T23:00:00.000Z'); // 05:59:59.999 WIB
  });

  it('delivers at once from the end instant (exclusive)', () => {
    expect(deliver('2026-11-23T23:00:00.000Z', NIGHT)).toBe('2026-11-23T23:00:00.000Z'); // 06:00 WIB
    expect(deliver('2026-11-24T03:00:00.000Z', NIGHT)).toBe('2026-11-24T03:00:00.000Z'); // 10:00 WIB
  });

  it('crosses the end of a month and of a year', () => {
    expect(deliver('2026-12-31T15:00:00.000Z', NIGHT)).toBe('2026-12-31T23:00:00.000Z'); // 22:00 WIB 31 Dec → 06:00 1 Jan
  });
});

describe('deliverAt, lunch window 12:00–13:00 WIB (same day)', () => {
  it('delivers at once before and from the end', () => {
    expect(deliver('2026-11-23T04:59:00.000Z', LUNCH)).toBe('2026-11-23T04:59:00.000Z'); // 11:59 WIB
    expect(deliver('2026-11-23T06:00:00.000Z', LUNCH)).toBe('2026-11-23T06:00:00.000Z'); // 13:00 WIB
    expect(deliver('2026-11-23T15:00:00.000Z', LUNCH)).toBe('2026-11-23T15:00:00.000Z'); // 22:00 WIB
  });

  it('holds inside the window until 13:00 WIB the same day', () => {
    expect(deliver('2026-11-23T05:00:00.000Z', LUNCH)).toBe('2026-11-23T06:00:00.000Z'); // 12:00 WIB
    expect(deliver('2026-11-23T05:59:30.000Z', LUNCH)).toBe('2026-11-23T06:00:00.000Z'); // 12:59:30 WIB
  });
});

describe('deliverAt, windows touching midnight', () => {
  it('a window from midnight holds the small hours', () => {
    const window = { start: '00:00', end: '06:00' };
    expect(deliver('2026-11-23T16:59:00.000Z', window)).toBe('2026-11-23T16:59:00.000Z'); // 23:59 WIB
    expect(deliver('2026-11-23T17:00:00.000Z', window)).toBe('2026-11-23T23:00:00.000Z'); // 00:00 WIB
  });

  it('a window until midnight releases at the next WIB midnight', () => {
    const window = { start: '22:00', end: '00:00' };
    expect(deliver('2026-11-23T16:00:00.000Z', window)).toBe('2026-11-23T17:00:00.000Z'); // 23:00 WIB → 00:00 WIB
    expect(deliver('2026-11-23T17:00:00.000Z', window)).toBe('2026-11-23T17:00:00.000Z'); // 00:00 WIB: outside
  });
});

describe('deliverAt, no hold', () => {
  it('delivers urgent notifications at once, even in the window', () => {
    const now = at('2026-11-23T20:00:00.000Z'); // 03:00 WIB
    expect(deliverAt(now, NIGHT, true)).toBe(now);
  });

  it('delivers at once when the recipient has no quiet hours', () => {
    const now = at('2026-11-23T20:00:00.000Z');
    expect(deliverAt(now, null, false)).toBe(now);
  });

  it('refuses an invalid date and invalid quiet hours', () => {
    expect(() => deliverAt(new Date(Number.NaN), NIGHT, false)).toThrow(RangeError);
    expect(() => deliverAt(at('2026-11-23T20:00:00.000Z'), { start: '25:00', end: '06:00' }, false)).toThrow(
      QuietHoursError,
    );
  });
});

describe('isUrgent: what goes through quiet hours', () => {
  const facts = (over: Partial<UrgencyFacts>): UrgencyFacts => ({
    action: 'TASK_ASSIGNED',
    emergency: false,
    stepKey: 'verifikasi',
    level: null,
    ...over,
  });

  it.each([
    [
      'the declaration of an emergency',
      facts({ action: 'INCIDENT_DECLARED', emergency: true, stepKey: null }),
    ],
    ['a mobilisation', facts({ action: 'OPD_MOBILISED', emergency: true, stepKey: null })],
    ['a late acknowledgement', facts({ action: 'TASK_REMINDER', emergency: true, stepKey: 'ack-dinsos' })],
    [
      'an escalated acknowledgement at level 1',
      facts({ action: 'TASK_ESCALATED', emergency: true, stepKey: 'ack-dinsos', level: 1 }),
    ],
    ['an escalation to the Sekda', facts({ action: 'TASK_ESCALATED', level: 2 })],
    ['an escalation to the Bupati', facts({ action: 'TASK_ESCALATED', level: 3 })],
    ['a reminder of an escalation at the Sekda', facts({ action: 'ESCALATION_REMINDER', level: 2 })],
    ["a lead's review escalated to the Sekda", facts({ action: 'REVIEW_ESCALATED', level: 2 })],
    [
      'a late sitrep escalated to the Sekda',
      facts({ action: 'TASK_ESCALATED', emergency: true, stepKey: 'sitrep-1-dinsos', level: 2 }),
    ],
    [
      "a late Sekda's sign-off of a policy draft, reported to the Bupati",
      facts({ action: 'POLICY_SIGN_OFF_ESCALATED', stepKey: null, level: 3 }),
    ],
    [
      'an unanswered citizen report escalated to the Sekda',
      facts({ action: 'CITIZEN_REPORT_ESCALATED', stepKey: null, level: 2 }),
    ],
  ])('%s is urgent', (_what, f) => {
    expect(isUrgent(f)).toBe(true);
  });

  it.each([
    ['a new task', facts({})],
    ['an escalation to the Kepala OPD', facts({ action: 'TASK_ESCALATED', level: 1 })],
    ['a reminder at level 1', facts({ action: 'ESCALATION_REMINDER', level: 1 })],
    ["a lead's review escalated to the lead's Kepala", facts({ action: 'REVIEW_ESCALATED', level: 1 })],
    ['an emergency task', facts({ action: 'TASK_ASSIGNED', emergency: true, stepKey: 'evakuasi' })],
    [
      'a late sitrep at level 1',
      facts({ action: 'TASK_ESCALATED', emergency: true, stepKey: 'sitrep-1-dinsos', level: 1 }),
    ],
    ['a sitrep reminder', facts({ action: 'TASK_REMINDER', emergency: true, stepKey: 'sitrep-1-dinsos' })],
    ['a resource request', facts({ action: 'RESOURCE_REFUSED', emergency: true, stepKey: null })],
    [
      'a comment on an acknowledgement',
      facts({ action: 'COMMENT_MENTIONED', emergency: true, stepKey: 'ack-dinsos' }),
    ],
    ['an ack- step outside an emergency', facts({ action: 'TASK_REMINDER', stepKey: 'ack-laporan' })],
    ['a data conflict', facts({ action: 'DATA_CONFLICT_OPENED', stepKey: null })],
    [
      'an unanswered citizen report escalated to the Kepala OPD',
      facts({ action: 'CITIZEN_REPORT_ESCALATED', stepKey: null, level: 1 }),
    ],
    ['a new citizen report', facts({ action: 'CITIZEN_REPORT_FILED', stepKey: null })],
    ['a sign-off reminder', facts({ action: 'POLICY_SIGN_OFF_REMINDER', stepKey: null })],
    ['late planning decisions', facts({ action: 'PLANNING_DECISION_LATE', stepKey: null })],
  ])('%s waits for the end of quiet hours', (_what, f) => {
    expect(isUrgent(f)).toBe(false);
  });

  it('holds what is not urgent and delivers what is, at night', () => {
    const night = '2026-11-23T16:00:00.000Z'; // 23:00 WIB
    const escalated = isUrgent(facts({ action: 'TASK_ESCALATED', level: 2 }));
    const assigned = isUrgent(facts({}));
    expect(deliver(night, NIGHT, escalated)).toBe(night);
    expect(deliver(night, NIGHT, assigned)).toBe('2026-11-23T23:00:00.000Z');
  });
});
