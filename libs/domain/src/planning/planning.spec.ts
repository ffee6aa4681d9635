import { KECAMATAN_AREAS, villagesOf } from '../region';
import { RESPONSIBILITIES } from '../responsibility';
import { validateFormSchema } from '../form-schema';
import {
  currentStage,
  decisionOf,
  decisionProblems,
  normalisedStageCalendar,
  PLANNING_DECISION_FORM,
  PLANNING_STAGES,
  PLANNING_TOPICS,
  planningOverview,
  planningYearProblems,
  proposalAgencies,
  proposalFilingRefusal,
  proposalProblems,
  proposalStatus,
  readsProposal,
  managesPlanningYear,
  seesAllPlanning,
  stageCalendarProblems,
  stageChangeProblems,
  topicAgencies,
  type DecisionFacts,
  type PlanningCaller,
  type StageCalendar,
} from '.';

/** A calendar for RKPD 2027 (drawn up in 2026), in WIB as BAPPEDA would write it. */
const CALENDAR: StageCalendar = {
  MUSRENBANG_DESA: { start: '2026-01-05T00:00:00+07:00', end: '2026-01-31T23:59:00+07:00' },
  MUSRENBANG_KECAMATAN: { start: '2026-02-02T00:00:00+07:00', end: '2026-02-28T23:59:00+07:00' },
  FORUM_PERANGKAT_DAERAH: { start: '2026-03-02T00:00:00+07:00', end: '2026-03-20T23:59:00+07:00' },
  MUSRENBANG_KABUPATEN: { start: '2026-03-23T00:00:00+07:00', end: '2026-04-10T23:59:00+07:00' },
  PENETAPAN_RKPD: { start: '2026-04-13T00:00:00+07:00', end: '2026-06-30T23:59:00+07:00' },
};
const at = (text: string) => Date.parse(text);

describe('planning stage calendar', () => {
  it('accepts the stages in order inside the year before the RKPD year', () => {
    expect(stageCalendarProblems(2027, CALENDAR)).toEqual([]);
    expect(planningYearProblems(2027)).toEqual([]);
    expect(planningYearProblems(2027.5)).toEqual(['year: must be a whole number']);
  });

  it('names every stage out of order, missing, or outside the year', () => {
    const bad = {
      ...CALENDAR,
      FORUM_PERANGKAT_DAERAH: { start: '2026-02-20T00:00:00+07:00', end: '2026-02-10T00:00:00+07:00' },
      PENETAPAN_RKPD: { start: '2026-04-13T00:00:00+07:00', end: '2027-01-01T00:00:00+07:00' },
    } as Record<string, unknown>;
    delete bad['MUSRENBANG_KABUPATEN'];
    expect(stageCalendarProblems(2027, bad)).toEqual([
      'stages.FORUM_PERANGKAT_DAERAH.end: must be after its start',
      'stages.FORUM_PERANGKAT_DAERAH.start: must not be before the end of MUSRENBANG_KECAMATAN',
      'stages.MUSRENBANG_KABUPATEN: is required ({ start, end })',
      'stages.PENETAPAN_RKPD.end: must lie in 2026, the year the RKPD 2027 is drawn up (WIB)',
    ]);
    expect(stageCalendarProblems(2027, { ...CALENDAR, RAPAT: {} })).toEqual([
      `stages.RAPAT: is not a stage (${PLANNING_STAGES.join(', ')})`,
    ]);
    expect(
      stageCalendarProblems(2027, { ...CALENDAR, MUSRENBANG_DESA: { start: '2026-01-05', end: 'besok' } }),
    ).toEqual([
      'stages.MUSRENBANG_DESA.start: must be an ISO-8601 instant such as 2026-02-01T00:00:00+07:00',
      'stages.MUSRENBANG_DESA.end: must be an ISO-8601 instant such as 2026-02-01T00:00:00+07:00',
    ]);
  });

  it('tells the stage at a moment: the latest started, BEFORE and AFTER', () => {
    expect(currentStage(CALENDAR, at('2025-12-31T00:00:00+07:00'))).toBe('BEFORE');
    expect(currentStage(CALENDAR, at('2026-02-10T00:00:00+07:00'))).toBe('MUSRENBANG_KECAMATAN');
    // Between two stages: still the one that ended last.
    expect(currentStage(CALENDAR, at('2026-03-01T12:00:00+07:00'))).toBe('MUSRENBANG_KECAMATAN');
    expect(currentStage(CALENDAR, at('2026-07-01T00:00:00+07:00'))).toBe('AFTER');
    expect(normalisedStageCalendar(CALENDAR).MUSRENBANG_DESA.start).toBe('2026-01-04T17:00:00.000Z');
  });

  it('lets only future dates move, and only to the future', () => {
    const now = at('2026-02-15T00:00:00+07:00');
    const moved = {
      ...CALENDAR,
      MUSRENBANG_KECAMATAN: { ...CALENDAR.MUSRENBANG_KECAMATAN, end: '2026-02-25T23:59:00+07:00' },
    };
    expect(stageChangeProblems(2027, CALENDAR, moved, now)).toEqual([]);
    expect(
      stageChangeProblems(
        2027,
        CALENDAR,
        { ...CALENDAR, MUSRENBANG_DESA: { ...CALENDAR.MUSRENBANG_DESA, end: '2026-01-30T23:59:00+07:00' } },
        now,
      ),
    ).toEqual(['stages.MUSRENBANG_DESA.end: has passed already and cannot change']);
    expect(
      stageChangeProblems(
        2027,
        CALENDAR,
        {
          ...CALENDAR,
          MUSRENBANG_KECAMATAN: { ...CALENDAR.MUSRENBANG_KECAMATAN, end: '2026-02-14T23:59:00+07:00' },
        },
        now,
      ),
    ).toEqual(['stages.MUSRENBANG_KECAMATAN.end: a changed date must lie in the future']);
  });
});

describe('Musrenbang topics and routing', () => {
  it('names responsibilities of the matrix, and so OPDs, for every topic but lainnya', () => {
    for (const topic of PLANNING_TOPICS) {
      for (const r of topic.responsibilities) expect(RESPONSIBILITIES[r]?.agency).toEqual(expect.any(String));
      expect(topicAgencies(topic.key).length > 0).toBe(topic.key !== 'lainnya');
    }
  });

  it('routes stunting convergence to three OPDs, roads to DPUPR, and lainnya to no one', () => {
    expect(topicAgencies('stunting')).toEqual(['DINKES', 'DP3AP2KB', 'DPMD']);
    expect(topicAgencies('jalan-jembatan')).toEqual(['DPUPR']);
    expect(topicAgencies('air-bersih-sanitasi')).toEqual(['DPUPR', 'DLH']);
    expect(proposalAgencies('lainnya', [])).toEqual([]);
    // BAPPEDA's assignment wins over the topic.
    expect(proposalAgencies('lainnya', ['DISHUB', 'DISHUB'])).toEqual(['DISHUB']);
  });
});

describe('proposal input', () => {
  const kecamatan = KECAMATAN_AREAS[0]!.code;
  const other = KECAMATAN_AREAS[1]!.code;
  const good = {
    kecamatan,
    desa: villagesOf(kecamatan)[0]!.code,
    title: 'Pengaspalan jalan poros',
    problem: 'Jalan rusak berat',
    proposedActivity: 'Pengaspalan 1 km',
    topic: 'jalan-jembatan',
    priority: 1,
  };

  it('accepts a desa of the kecamatan and names every bad field', () => {
    expect(proposalProblems(good)).toEqual([]);
    const problems = proposalProblems({
      ...good,
      desa: villagesOf(other)[0]!.code,
      title: 'x',
      topic: 'jalan',
      priority: 0,
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['desa', 'title', 'topic', 'priority']);
    expect(problems[0]).toMatch(/does not lie in Kecamatan/);
  });
});

describe('OPD decisions', () => {
  const accept = {
    keputusan: 'TERIMA',
    program: 'Program Penyelenggaraan Jalan',
    kegiatan: 'Penyelenggaraan Jalan Kabupaten/Kota',
    subKegiatan: 'Rehabilitasi Jalan',
    kodeRekening: '1.03.10.2.01.0036',
    pagu: 500_000_000,
  };

  it('is a valid form definition', () => {
    expect(validateFormSchema(PLANNING_DECISION_FORM, 'form')).toEqual([]);
  });

  it('needs the activity, budget line and a pagu above zero to accept, and a reason to decline', () => {
    expect(decisionProblems(accept)).toEqual([]);
    expect(decisionProblems({ keputusan: 'TERIMA' })).toEqual([
      'program: is required',
      'kegiatan: is required',
      'subKegiatan: is required',
      'kodeRekening: is required',
      'pagu: is required',
    ]);
    expect(decisionProblems({ ...accept, pagu: 0 })).toEqual(['pagu: must be at least 1']);
    expect(decisionProblems({ keputusan: 'TOLAK' })).toEqual(['alasan: is required']);
    expect(decisionProblems({ keputusan: 'TOLAK', alasan: 'Sudah didanai DAK' })).toEqual([]);
    expect(decisionProblems({})).toEqual(['keputusan: is required']);
  });

  it('reads a decision from the accepted values', () => {
    expect(decisionOf(accept)).toMatchObject({ decision: 'ACCEPTED', pagu: 500_000_000, reason: null });
    expect(decisionOf({ keputusan: 'TOLAK', alasan: 'Tidak prioritas' })).toMatchObject({
      decision: 'DECLINED',
      reason: 'Tidak prioritas',
    });
    expect(decisionOf({ summary: 'x' })).toBeNull();
  });

  const d = (agencyCode: string, over: Partial<DecisionFacts>): DecisionFacts => ({
    agencyCode,
    open: false,
    dueAtMs: 1000,
    escalationLevel: 0,
    decision: null,
    ...over,
  });
  const accepted = decisionOf(accept)!;
  const declined = decisionOf({ keputusan: 'TOLAK', alasan: 'Tidak' })!;

  it('derives a proposal status from its OPDs', () => {
    expect(proposalStatus('ROUTED', [d('A', { decision: accepted }), d('B', { open: true })])).toBe('ROUTED');
    expect(proposalStatus('ROUTED', [d('A', { decision: accepted }), d('B', { decision: accepted })])).toBe(
      'ACCEPTED',
    );
    expect(proposalStatus('ROUTED', [d('A', { decision: accepted }), d('B', { decision: declined })])).toBe(
      'PARTLY_ACCEPTED',
    );
    expect(proposalStatus('ROUTED', [d('A', { decision: declined })])).toBe('DECLINED');
    expect(proposalStatus('UNOWNED', [])).toBe('UNOWNED');
  });

  it('counts the figures per kecamatan and per OPD, with late and escalated decisions', () => {
    const overview = planningOverview(
      [
        { kecamatanCode: '35.13.02', stored: 'ROUTED', decisions: [d('DPUPR', { decision: accepted })] },
        {
          kecamatanCode: '35.13.01',
          stored: 'ROUTED',
          decisions: [d('DPUPR', { decision: accepted }), d('DLH', { open: true, escalationLevel: 1 })],
        },
        { kecamatanCode: '35.13.01', stored: 'UNOWNED', decisions: [] },
      ],
      2000,
    );
    expect(overview.totals).toMatchObject({
      proposals: 3,
      accepted: 1,
      routed: 1,
      unowned: 1,
      late: 1,
      escalated: 1,
    });
    expect(overview.perKecamatan.map((k) => [k.kecamatanCode, k.proposals, k.late])).toEqual([
      ['35.13.01', 2, 1],
      ['35.13.02', 1, 0],
    ]);
    expect(overview.perOpd).toEqual([
      {
        agencyCode: 'DLH',
        decisions: 1,
        accepted: 0,
        declined: 0,
        open: 1,
        late: 1,
        escalated: 1,
        paguAccepted: 0,
      },
      {
        agencyCode: 'DPUPR',
        decisions: 2,
        accepted: 2,
        declined: 0,
        open: 0,
        late: 0,
        escalated: 0,
        paguAccepted: 1_000_000_000,
      },
    ]);
  });
});

describe('planning access', () => {
  const caller = (over: Partial<PlanningCaller>): PlanningCaller => ({
    role: 'STAFF',
    agencyCode: 'DINSOS',
    kecamatanAreaCode: null,
    ...over,
  });
  const reach = { kecamatanCode: '35.13.07', agencyCodes: ['DINKES', 'DPMD'] };

  it('lets BAPPEDA lead or head and admins run the year; leadership and BAPPEDA see all', () => {
    expect(managesPlanningYear(caller({ role: 'LEAD', agencyCode: 'BAPPEDA' }))).toBe(true);
    expect(managesPlanningYear(caller({ role: 'STAFF', agencyCode: 'BAPPEDA' }))).toBe(false);
    expect(managesPlanningYear(caller({ role: 'LEAD', agencyCode: 'DINKES' }))).toBe(false);
    expect(seesAllPlanning(caller({ role: 'LEADERSHIP', agencyCode: 'SETDA' }))).toBe(true);
  });

  it('lets a kecamatan file for itself only, and read its own and its OPDs’ proposals', () => {
    const tiris = caller({ agencyCode: 'KEC-TIRIS', kecamatanAreaCode: '35.13.07' });
    expect(proposalFilingRefusal(tiris, '35.13.07')).toBeNull();
    expect(proposalFilingRefusal(tiris, '35.13.08')).toMatch(/own kecamatan/);
    expect(proposalFilingRefusal(caller({}), '35.13.07')).toMatch(/kecamatan office/);
    expect(readsProposal(tiris, reach)).toBe(true);
    expect(readsProposal(caller({ agencyCode: 'DPMD' }), reach)).toBe(true);
    expect(readsProposal(caller({}), reach)).toBe(false);
  });
});
