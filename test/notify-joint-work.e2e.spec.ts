import { randomBytes, randomUUID } from 'node:crypto';
import { audit, auditMany } from '@gotong/database/audit';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Actor } from '@gotong/domain/roles';
import { formatDateTime } from '@gotong/notifications/format';
import { createPolicyActivities, writePolicyFirstRows } from '../activities/policy.activities';
import { startNotifierStack, type NotifierStack } from './support/notifier';
import { eventually, type Stack } from './support/stack';

const ANDUNGBIRU = '35.13.07.2001'; // Desa Andungbiru, Kecamatan Tiris (35.13.07), Kepmendagri 2025

/**
 * The joint work of issue #18 reaches the people who wait for it, through the real outbox and notifier: policy
 * drafts (the Sekda's and the Bupati's sign-off, returns and the signature), citizen reports (the handling OPD,
 * a forward, the first-response ladder) and the late planning decisions of a year (BAPPEDA, once). The events
 * are written the way their producers write them: the policy activities themselves, and audit rows shaped like
 * those of activities/citizen.activities.ts, apps/api/src/citizen and activities/planning.activities.ts.
 */
describe('notifications of joint policy drafting, citizen reports and planning (issue #18)', () => {
  let ctx: NotifierStack;
  let stack: Stack;
  const ids: Record<string, string> = {};
  const agencyIds: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await startNotifierStack({ label: 'notify-joint-work', users: [] });
    ({ stack } = ctx);
    for (const u of await stack.db.user.findMany({ select: { id: true, username: true } })) {
      ids[u.username] = u.id;
    }
    for (const a of await stack.db.agency.findMany({ select: { id: true, code: true } })) {
      agencyIds[a.code] = a.id;
    }
  }, 120_000);

  afterAll(async () => {
    await ctx?.stop();
  });

  /** The notifications of `username` that match. */
  const notesOf = (username: string, where: Prisma.NotificationWhereInput) =>
    stack.db.notification.findMany({
      where: { ...where, userId: ids[username] },
      orderBy: { createdAt: 'asc' },
    });
  /** Waits until `username` has exactly `count` (1) matching notifications; answers the last. */
  const one = (username: string, where: Prisma.NotificationWhereInput, count = 1) =>
    eventually(async () => {
      const found = await notesOf(username, where);
      return found.length === count ? found[count - 1] : undefined;
    });
  /** Waits until the notifier has handled the event (planned and written its notifications, or none). */
  const handled = (eventKey: string) =>
    eventually(async () => {
      const row = await stack.db.outboxMessage.findUnique({ where: { key: eventKey } });
      return row?.processedAt != null;
    });
  const record = async (
    event: Omit<Prisma.AuditEventCreateManyInput, 'occurredAt'> & { occurredAt?: Date },
  ) => {
    await stack.db.$transaction((tx) => audit(tx, { ...event, occurredAt: event.occurredAt ?? new Date() }));
    return event.eventKey;
  };
  const actor = async (username: string): Promise<Actor> => {
    const user = await stack.db.user.findUniqueOrThrow({
      where: { username },
      select: { id: true, agencyId: true, role: true, office: true },
    });
    return { userId: user.id, agencyId: user.agencyId, role: user.role, office: user.office };
  };

  it('asks the Sekda, then the Bupati, to sign; tells the drafting OPD of returns and of the signature', async () => {
    const policy = createPolicyActivities(stack.db);
    const draftId = randomUUID();
    const projectId = randomUUID();
    const title = `Perbup Percepatan Penurunan Stunting ${randomBytes(2).toString('hex')}`;
    const createdBy = await actor('kepala.dinkes');
    await stack.db.$transaction((tx) =>
      writePolicyFirstRows(
        tx,
        {
          draftId,
          projectId,
          workflowId: `policy-draft-perbup-${draftId.slice(0, 8)}`,
          key: draftId.slice(0, 8),
          kind: 'PERBUP',
          title,
          description: null,
          drafting: { agencyId: agencyIds['DINKES']!, agencyCode: 'DINKES' },
          createdBy,
          reviewers: [{ agencyId: agencyIds['DINSOS']!, agencyCode: 'DINSOS' }],
        },
        new Date(),
      ),
    );
    const of = (kind: string): Prisma.NotificationWhereInput => ({ projectId, kind });
    const at = () => new Date().toISOString();
    const status = (
      s: 'RETURNED' | 'AWAITING_SEKDA' | 'AWAITING_BUPATI' | 'SIGNED',
      version: number,
      by?: string,
      signOffDueAt?: string,
    ) =>
      policy.recordPolicyStatus({
        draftId,
        projectId,
        status: s,
        version,
        actorUserId: by ? ids[by]! : null,
        note: null,
        signOffDueAt,
        at: at(),
      });

    // A reviewer returns version 1: the drafting OPD's Kepala (who drafted it) hears, with the note; the round's
    // status change says nothing more.
    await record({
      eventKey: `policy:${draftId}:paraf:${randomUUID()}`,
      action: 'POLICY_REVIEW_RETURNED',
      projectId,
      actorUserId: ids['staff.dinsos'],
      actorAgencyId: agencyIds['DINSOS'],
      detail: { version: 1, comment: 'Pasal 4 belum merujuk Perpres 72/2021.' },
    });
    await status('RETURNED', 1);
    await handled(`policy:${draftId}:v1:RETURNED`);
    const returned = await one('kepala.dinkes', of('POLICY_RETURNED'));
    expect(returned).toMatchObject({ link: `/policy/${draftId}`, urgent: false });
    expect(returned.body).toContain('oleh Dinas Sosial pada paraf koordinasi');
    expect(returned.body).toContain('Pasal 4 belum merujuk Perpres 72/2021.');
    expect(await notesOf('staff.dinkes', { projectId })).toHaveLength(0);
    expect(await notesOf('staff.dinsos', { projectId })).toHaveLength(0);

    // Every reviewer initialled version 2: the Sekda is asked to sign, and reminded; the Bupati is not yet told.
    const signOffDueAt = '2026-12-24T08:00:00.000Z';
    await status('AWAITING_SEKDA', 2, undefined, signOffDueAt);
    const awaited = await one('sekda', of('POLICY_SIGN_OFF_AWAITED'));
    expect(awaited.title).toContain('Menunggu tanda tangan Sekretaris Daerah');
    expect(awaited.body).toContain('(versi 2)');
    expect(awaited.body).toContain(`Batas waktu: ${formatDateTime(signOffDueAt, 'id')}.`);
    const overdue = (kind: 'REMINDER' | 'ESCALATE', n: number, level: number | null) =>
      policy.recordSignOffOverdue({
        draftId,
        projectId,
        office: 'SEKDA',
        version: 2,
        kind,
        level,
        n,
        at: at(),
      });
    await overdue('REMINDER', 1, null);
    await one('sekda', of('POLICY_SIGN_OFF_REMINDER'));
    expect(await notesOf('bupati', { projectId })).toHaveLength(0);
    // A late Sekda is reported to the Bupati and Wakil Bupati, through quiet hours; the Sekda hears too.
    await overdue('ESCALATE', 2, 3);
    for (const user of ['bupati', 'wabup', 'sekda']) {
      expect(await one(user, of('POLICY_SIGN_OFF_ESCALATED'))).toMatchObject({ urgent: true });
    }
    expect(await notesOf('kepala.dinkes', of('POLICY_SIGN_OFF_ESCALATED'))).toHaveLength(0);

    // The Sekda returns it: the drafting OPD hears who returned it and why; the Sekda is not told of it.
    await policy.recordPolicySignOff({
      draftId,
      projectId,
      signOffId: randomUUID(),
      version: 2,
      office: 'SEKDA',
      decision: 'RETURNED',
      note: 'Lampiran peta desa lokus belum ada.',
      actor: await actor('sekda'),
      at: at(),
    });
    const bySekda = await one('kepala.dinkes', of('POLICY_RETURNED'), 2);
    expect(bySekda.body).toContain('oleh Sekretaris Daerah');
    expect(bySekda.body).toContain('Lampiran peta desa lokus belum ada.');
    expect(await notesOf('sekda', of('POLICY_RETURNED'))).toHaveLength(0);

    // Version 3 goes to the Bupati after the Sekda signs, and the Bupati's signature ends it.
    await status('AWAITING_BUPATI', 3, 'sekda');
    expect((await one('bupati', of('POLICY_SIGN_OFF_AWAITED'))).title).toContain(
      'Menunggu tanda tangan Bupati',
    );
    await status('SIGNED', 3, 'bupati');
    const signed = await one('kepala.dinkes', of('POLICY_SIGNED'));
    expect(signed.title).toBe(`Rancangan telah ditandatangani Bupati: ${title}`);
    expect(signed.body).toContain('Peraturan Bupati');
    expect(await notesOf('bupati', of('POLICY_SIGNED'))).toHaveLength(0);
    expect(await notesOf('staff.dinkes', { projectId })).toHaveLength(0);
  });

  it('tells the handling OPD of a new or forwarded citizen report and climbs its ladder, never naming the reporter', async () => {
    const reportId = randomUUID();
    const trackingNumber = `LPR-${randomBytes(2).toString('hex').toUpperCase()}-TEST`;
    const dueAt = new Date(Date.now() + 5 * 86_400_000);
    await stack.db.citizenReport.create({
      data: {
        id: reportId,
        trackingNumber,
        workflowId: `citizen-report-${trackingNumber}`,
        category: 'jalan',
        desaCode: ANDUNGBIRU,
        description: 'Jalan desa berlubang besar di dusun Krajan, membahayakan pengendara motor.',
        reporterName: 'Siti Rahayu',
        reporterContact: '081234567890',
        handlingAgencyId: agencyIds['DPUPR']!,
        firstResponseDueAt: dueAt,
      },
    });
    const link = `/citizen-reports/${reportId}`;
    const of = (kind: string): Prisma.NotificationWhereInput => ({ link, kind });

    await record({
      eventKey: `citizen-report:${reportId}:filed`,
      action: 'CITIZEN_REPORT_FILED',
      actorAgencyId: agencyIds['DPUPR'],
      detail: { trackingNumber, category: 'jalan', desaCode: ANDUNGBIRU },
    });
    for (const user of ['staff.dpupr', 'kepala.dpupr']) {
      const filed = await one(user, of('CITIZEN_REPORT_FILED'));
      expect(filed.title).toBe(
        `Aduan warga baru ${trackingNumber}: Jalan, jembatan dan sarana umum, Andungbiru`,
      );
      expect(filed.body).toContain('Kecamatan Tiris');
      expect(filed.body).not.toContain('Siti Rahayu');
      expect(filed.body).not.toContain('081234567890');
    }
    expect(await notesOf('staff.dinsos', { link })).toHaveLength(0);

    // DPUPR forwards it to DINSOS with a note: DINSOS hears; whoever forwarded it does not.
    const noteId = randomUUID();
    await stack.db.citizenReportNote.create({
      data: {
        id: noteId,
        reportId,
        action: 'forward',
        text: 'Warga meminta bantuan sosial, bukan perbaikan jalan.',
        agencyId: agencyIds['DPUPR']!,
        byUserId: ids['staff.dpupr']!,
        createdAt: new Date(),
      },
    });
    await stack.db.citizenReport.update({
      where: { id: reportId },
      data: { handlingAgencyId: agencyIds['DINSOS']! },
    });
    await record({
      eventKey: `citizen-report:${reportId}:triage:${noteId}`,
      action: 'CITIZEN_REPORT_TRIAGED',
      actorUserId: ids['staff.dpupr'],
      actorAgencyId: agencyIds['DPUPR'],
      detail: { trackingNumber, action: 'forward', status: 'RECEIVED', toAgencyId: agencyIds['DINSOS'] },
    });
    for (const user of ['staff.dinsos', 'kepala.dinsos']) {
      const forwarded = await one(user, of('CITIZEN_REPORT_FORWARDED'));
      expect(forwarded.title).toContain('Aduan warga diteruskan dari Dinas Pekerjaan Umum');
      expect(forwarded.body).toContain('Warga meminta bantuan sosial, bukan perbaikan jalan.');
    }
    await handled(`citizen-report:${reportId}:triage:${noteId}`);
    expect(await notesOf('staff.dpupr', of('CITIZEN_REPORT_FORWARDED'))).toHaveLength(0);

    // The first-response ladder of the handling OPD: a reminder to the OPD, level 1 its Kepala, level 2 the
    // Sekda and the Kepala, through quiet hours.
    const ladder = (kind: 'REMINDER' | 'ESCALATED', sequence: number, level: number, percent?: number) =>
      record({
        eventKey: `citizen-report:${reportId}:ladder:${sequence}:${kind === 'REMINDER' ? 'REMINDER' : 'ESCALATE'}`,
        action: kind === 'REMINDER' ? 'CITIZEN_REPORT_REMINDER' : 'CITIZEN_REPORT_ESCALATED',
        actorAgencyId: agencyIds['DINSOS'],
        detail: {
          trackingNumber,
          level,
          ...(percent !== undefined ? { percentOfSla: percent } : {}),
          dueAt: dueAt.toISOString(),
        },
      });
    await ladder('REMINDER', 1, 0, 75);
    const reminder = await one('staff.dinsos', of('CITIZEN_REPORT_REMINDER'));
    expect(reminder).toMatchObject({ urgent: false });
    expect(reminder.body).toContain('75% dari waktu tanggapan pertama');
    await ladder('ESCALATED', 2, 1);
    expect(await one('kepala.dinsos', of('CITIZEN_REPORT_ESCALATED'))).toMatchObject({ urgent: false });
    await ladder('ESCALATED', 3, 2);
    expect(await one('sekda', of('CITIZEN_REPORT_ESCALATED'))).toMatchObject({ urgent: true });
    await one('kepala.dinsos', of('CITIZEN_REPORT_ESCALATED'), 2);
    expect(await notesOf('staff.dinsos', of('CITIZEN_REPORT_ESCALATED'))).toHaveLength(0);
    expect(await notesOf('bupati', { link })).toHaveLength(0);

    // An answer tells nobody (the reporter follows it on the public tracking page).
    const answered = await record({
      eventKey: `citizen-report:${reportId}:triage:${randomUUID()}`,
      action: 'CITIZEN_REPORT_TRIAGED',
      actorUserId: ids['staff.dinsos'],
      actorAgencyId: agencyIds['DINSOS'],
      detail: { trackingNumber, action: 'answer', status: 'ANSWERED' },
    });
    await handled(answered);
    expect(
      await stack.db.notification.count({ where: { link, kind: { startsWith: 'CITIZEN_REPORT_' } } }),
    ).toBe(
      // FILED ×2, FORWARDED ×2, a reminder to DINSOS's staff and Kepala, level 1 ×1, level 2 ×2
      2 + 2 + 2 + 1 + 2,
    );
  });

  it('tells BAPPEDA once of the decisions one run found late', async () => {
    const year = 2090 + (randomBytes(1)[0]! % 9);
    const forumEnd = `${year - 1}-03-31T09:00:00.000Z`;
    await stack.db.planningYear.create({
      data: {
        year,
        stages: { FORUM_PERANGKAT_DAERAH: { start: `${year - 1}-03-01T00:00:00.000Z`, end: forumEnd } },
        workflowId: `planning-cycle-${year}`,
        createdById: ids['lead.bappeda']!,
      },
    });
    const occurredAt = new Date();
    const late = (proposalId: string, agency: string) => ({
      eventKey: `planning:${year}:late:${randomUUID()}`,
      action: 'PLANNING_DECISION_LATE',
      actorAgencyId: agencyIds[agency],
      detail: { year, proposalId, agency },
      occurredAt,
    });
    const [first, second] = [randomUUID(), randomUUID()];
    const run = [late(first, 'DPUPR'), late(second, 'DPUPR'), late(second, 'DINKES')];
    await stack.db.$transaction((tx) => auditMany(tx, run));
    for (const e of run) await handled(e.eventKey);
    // One more of the same run, written after it was told (the run was retried): no second message.
    const straggler = late(first, 'DINSOS');
    await stack.db.$transaction((tx) => auditMany(tx, [straggler]));
    await handled(straggler.eventKey);

    const message = await one('lead.bappeda', {
      kind: 'PLANNING_DECISIONS_LATE',
      link: `/planning/${year}/overview`,
    });
    expect(message.title).toBe(`Keputusan OPD terlambat, Musrenbang RKPD ${year}: 3 keputusan, 2 OPD`);
    expect(message.body).toContain(`3 keputusan OPD atas 2 usulan Musrenbang RKPD ${year} belum diambil`);
    expect(message.body).toMatch(/Dinas Pekerjaan Umum[^\n]*: 2\nDinas Kesehatan: 1/);
    // Every notification of the run belongs to one event (keys are `${eventKey}:${userId}`).
    const keys = await stack.db.notification.findMany({
      where: { kind: 'PLANNING_DECISIONS_LATE', link: `/planning/${year}/overview` },
      select: { key: true },
    });
    expect(new Set(keys.map((k) => k.key.slice(0, k.key.lastIndexOf(':'))))).toEqual(
      new Set([message.key.slice(0, message.key.lastIndexOf(':'))]),
    );
    expect(await notesOf('staff.dpupr', { kind: 'PLANNING_DECISIONS_LATE' })).toHaveLength(0);
  });
});
