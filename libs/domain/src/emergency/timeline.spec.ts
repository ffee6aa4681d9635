import { incidentTimeline, type TimelineEvent } from '@gotong/domain/emergency';

const event = (action: string, at: string, detail: Record<string, unknown> = {}): TimelineEvent => ({
  action,
  at,
  agencyCode: 'DINSOS',
  actorUserId: null,
  taskId: null,
  detail,
});

describe('incidentTimeline', () => {
  it('orders the incident events by instant, keeps the reason they carry and leaves out task noise', () => {
    const timeline = incidentTimeline([
      event('SITREP_CORRECTED', '2026-12-07T02:00:00Z', { version: 2, reason: 'Salah ketik' }),
      event('TASK_REMINDER', '2026-12-07T01:30:00Z'),
      event('INCIDENT_DECLARED', '2026-12-07T01:00:00+07:00'),
      event('SITREP_CONFLICT_RESOLVED', '2026-12-07T02:00:00Z', { note: 'Dicek di posko' }),
      event('OPD_RELEASED', '2026-12-07T03:00:00Z', { reason: '  ' }),
    ]);
    expect(timeline.map((e) => [e.action, e.reason])).toEqual([
      ['INCIDENT_DECLARED', null],
      ['SITREP_CORRECTED', 'Salah ketik'],
      ['SITREP_CONFLICT_RESOLVED', 'Dicek di posko'],
      ['OPD_RELEASED', null],
    ]);
  });

  it('refuses an instant that is not one', () => {
    expect(() => incidentTimeline([event('OPD_RELEASED', 'kemarin')])).toThrow(RangeError);
  });
});
