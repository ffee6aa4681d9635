import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { StepPlan } from '@gotong/contracts/task';
import { writeDataRequestRow, writeIncidentFirstRows, writeProjectFirstRows } from './first-rows';
import { dropDatabase, ensureDatabase, migrate } from './migrator';
import { createPrismaClient, type Database } from './prisma';

/**
 * The first rows of a new object, written by the API after it starts the workflow and again by the workflow's
 * first activity, against the real PostgreSQL: a scratch database of its own (derived from the run's
 * DATABASE_URL), migrated with the project's migrations, holding one OPD and one user.
 */

const PROJECT_MIGRATIONS = join(__dirname, '../../../prisma/migrations');
const url = (() => {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run through `npm run jest`');
  const u = new URL(base);
  u.pathname = `/gotong_first_rows_${randomBytes(4).toString('hex')}`;
  return u.toString();
})();
let db: Database;
const lead = { userId: randomUUID(), agencyId: randomUUID() };
const otherAgencyId = randomUUID();

beforeAll(async () => {
  await ensureDatabase(url);
  await migrate(url, PROJECT_MIGRATIONS);
  db = createPrismaClient(url);
  await db.agency.createMany({
    data: [
      { id: lead.agencyId, code: 'BPBD', name: 'Badan Penanggulangan Bencana Daerah', kind: 'BADAN' },
      { id: otherAgencyId, code: 'DINKES', name: 'Dinas Kesehatan', kind: 'DINAS' },
    ],
  });
  await db.user.create({
    data: {
      id: lead.userId,
      username: 'kalak',
      fullName: 'Kalak BPBD',
      passwordHash: 'x',
      role: 'LEAD',
      agencyId: lead.agencyId,
    },
  });
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

function step(key: string, agencyId: string, agencyCode: string): StepPlan {
  return {
    key,
    title: key,
    instructions: '',
    agencyId,
    agencyCode,
    form: { fields: [] },
    sla: { amount: 1, unit: 'days' },
    dependsOn: [],
    escalation: { levels: [] },
  };
}

async function nothingAnnounced(projectId: string): Promise<void> {
  // The audit event (and its notification) is the activity's own, written next to these rows: never twice.
  expect(await db.auditEvent.count({ where: { projectId } })).toBe(0);
  expect(await db.outboxMessage.count()).toBe(0);
}

describe('writeIncidentFirstRows', () => {
  const declared = () => ({
    incidentId: randomUUID(),
    projectId: randomUUID(),
    workflowId: `incident-${randomUUID()}`,
    title: 'Banjir — Tiris',
    description: null,
    type: 'BANJIR',
    severity: 'SEDANG' as const,
    status: 'TANGGAP_DARURAT' as const,
    declaredBy: { ...lead, role: 'LEAD' as const },
    affectedKecamatan: ['35.13.08'],
    affectedDesa: ['35.13.08.2001'],
  });

  it('writes the project, the incident and its first status; the second writer changes nothing', async () => {
    const input = declared();
    const apiAt = new Date('2026-12-06T01:00:00.000Z');
    await db.$transaction((tx) => writeIncidentFirstRows(tx, input, apiAt));
    // The activity runs later, with the workflow's clock and the same input.
    await db.$transaction((tx) => writeIncidentFirstRows(tx, input, new Date('2026-12-06T01:00:05.000Z')));

    const project = await db.jointProject.findUniqueOrThrow({ where: { id: input.projectId } });
    expect(project).toMatchObject({
      workflowId: input.workflowId,
      title: 'Banjir — Tiris',
      description: null,
      status: 'ACTIVE',
      leadUserId: lead.userId,
      leadAgencyId: lead.agencyId,
      templateId: null,
      parameters: { incidentType: 'BANJIR', severity: 'SEDANG' },
      steps: [],
      createdAt: apiAt,
    });
    const incident = await db.incident.findUniqueOrThrow({ where: { id: input.incidentId } });
    expect(incident).toMatchObject({
      projectId: input.projectId,
      workflowId: input.workflowId,
      type: 'BANJIR',
      severity: 'SEDANG',
      status: 'TANGGAP_DARURAT',
      affectedKecamatan: ['35.13.08'],
      affectedDesa: ['35.13.08.2001'],
      declaredById: lead.userId,
      declaredAt: apiAt,
      closedAt: null,
    });
    const changes = await db.incidentStatusChange.findMany({ where: { incidentId: input.incidentId } });
    expect(changes).toEqual([
      {
        id: input.incidentId,
        incidentId: input.incidentId,
        fromStatus: null,
        toStatus: 'TANGGAP_DARURAT',
        byUserId: lead.userId,
        reason: null,
        at: apiAt,
      },
    ]);
    await nothingAnnounced(input.projectId);
  });

  it('leaves a status the workflow has changed since as it is', async () => {
    const input = declared();
    await db.$transaction((tx) => writeIncidentFirstRows(tx, input, new Date()));
    await db.incident.update({ where: { id: input.incidentId }, data: { status: 'TRANSISI_DARURAT' } });
    // A late API write (it answered slowly) must not set the incident back to its declared status.
    await db.$transaction((tx) => writeIncidentFirstRows(tx, input, new Date()));
    expect((await db.incident.findUniqueOrThrow({ where: { id: input.incidentId } })).status).toBe(
      'TRANSISI_DARURAT',
    );
  });
});

describe('writeProjectFirstRows', () => {
  const started = () => ({
    projectId: randomUUID(),
    workflowId: `project-${randomUUID()}`,
    title: 'Perbaikan jalan desa',
    description: 'Tiga ruas',
    lead: { ...lead, role: 'LEAD' as const },
    templateId: null,
    parameters: { kecamatan: '35.13.08' },
    // Two steps of one OPD: it takes part once.
    steps: [
      step('survey', lead.agencyId, 'BPBD'),
      step('laporan', lead.agencyId, 'BPBD'),
      step('layanan', otherAgencyId, 'DINKES'),
    ],
  });

  it('writes the project and each OPD once, with the values of the first writer', async () => {
    const input = started();
    const first = new Date('2026-12-06T02:00:00.000Z');
    await db.$transaction((tx) => writeProjectFirstRows(tx, input, first));
    await db.$transaction((tx) => writeProjectFirstRows(tx, input, new Date('2026-12-06T02:00:03.000Z')));

    const project = await db.jointProject.findUniqueOrThrow({ where: { id: input.projectId } });
    expect(project).toMatchObject({
      workflowId: input.workflowId,
      title: 'Perbaikan jalan desa',
      description: 'Tiga ruas',
      leadUserId: lead.userId,
      leadAgencyId: lead.agencyId,
      parameters: { kecamatan: '35.13.08' },
      steps: input.steps,
      createdAt: first,
    });
    const participants = await db.projectAgency.findMany({
      where: { projectId: input.projectId },
      orderBy: { agencyId: 'asc' },
    });
    expect(participants).toEqual(
      [lead.agencyId, otherAgencyId].sort().map((agencyId) => ({
        projectId: input.projectId,
        agencyId,
        addedAt: first,
      })),
    );
    await nothingAnnounced(input.projectId);
  });

  it('lets the API and the activity write at the same moment without either failing', async () => {
    const input = started();
    // Both transactions insert the same rows at once: the second waits for the first and then writes nothing.
    await Promise.all([
      db.$transaction((tx) => writeProjectFirstRows(tx, input, new Date())),
      db.$transaction((tx) => writeProjectFirstRows(tx, input, new Date())),
    ]);
    expect(await db.jointProject.count({ where: { id: input.projectId } })).toBe(1);
    expect(await db.projectAgency.count({ where: { projectId: input.projectId } })).toBe(2);
  });
});

describe('writeDataRequestRow', () => {
  it('records the request under its project id once, outside a transaction too', async () => {
    const requestId = randomUUID();
    const request = {
      requestId,
      title: 'Jumlah balita — 2026',
      period: '2026',
      desa: ['35.13.08.2001', '35.13.08.2002'],
      indicators: [{ code: 'BALITA', version: 1, fieldKeys: ['balita'] }],
      requestedById: lead.userId,
    };
    await writeDataRequestRow(db, request);
    // A repeated request (one Idempotency-Key) or a retried opening of a collection's period.
    await writeDataRequestRow(db, { ...request, title: 'Jumlah balita (ulang)' });

    expect(await db.dataRequest.findMany({ where: { projectId: requestId } })).toEqual([
      expect.objectContaining({
        id: requestId,
        projectId: requestId,
        title: 'Jumlah balita — 2026',
        period: '2026',
        areas: ['35.13.08.2001', '35.13.08.2002'],
        indicators: [{ code: 'BALITA', version: 1, fieldKeys: ['balita'] }],
        requestedById: lead.userId,
      }),
    ]);
  });
});
