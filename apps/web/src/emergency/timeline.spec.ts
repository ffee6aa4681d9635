import { resolutionOf, timelineLine, timelineText, type TimelineEntry } from './timeline';

const entry = (action: string, detail: Record<string, unknown>, reason: string | null): TimelineEntry => ({
  action,
  at: '2026-12-07T02:00:00Z',
  agencyCode: 'DINSOS',
  actorUserId: null,
  taskId: null,
  detail,
  reason,
});

describe('timelineLine', () => {
  it('names what happened, the OPD, the detail and the reason', () => {
    expect(timelineLine(entry('SITREP_CORRECTED', { version: 2 }, 'Salah ketik'), 'id')).toBe(
      'Sitrep dikoreksi — DINSOS — v2 (Salah ketik)',
    );
    expect(
      timelineLine(
        entry(
          'SITREP_CONFLICT_RESOLVED',
          { desaCode: '35.13.23.2001', field: 'terdampak', value: 380 },
          null,
        ),
        'en',
      ),
    ).toBe('Differing figure set by the command — DINSOS — 35.13.23.2001 · terdampak = 380');
    expect(timelineLine(entry('SOMETHING_NEW', {}, null), 'id')).toBe('SOMETHING_NEW — DINSOS');
  });
});

describe('resolutionOf', () => {
  it('is the latest resolution of the cell', () => {
    const r = (value: number, resolvedAt: string) => ({
      desaCode: 'd',
      field: 'f',
      value,
      agencyCode: null,
      note: 'n',
      resolvedAt,
    });
    expect(resolutionOf([r(1, '2026-12-07T01:00:00Z'), r(2, '2026-12-07T02:00:00Z')], 'd', 'f')?.value).toBe(
      2,
    );
    expect(resolutionOf(undefined, 'd', 'f')).toBeUndefined();
  });
});

describe('timelineText', () => {
  it('speaks Indonesian unless English is chosen', () => {
    expect(timelineText('id', 'timeline')).toBe('Linimasa kedaruratan');
    expect(timelineText('en', 'timeline')).toBe('Emergency timeline');
  });
});
