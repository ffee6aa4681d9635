import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { audit, auditMany } from '@gotong/database/audit';
import { createPrismaClient } from '@gotong/database/prisma';
import { SEED_TEMPLATES } from '../prisma/data/templates';
import { GENESIS, verifyAuditChain } from '../scripts/audit-verify';
import { compileEntryPoints } from './support/compile';
import { isolateTestFile } from './support/database';
import { startStack, type Stack } from './support/stack';

/**
 * The tamper-evident audit trail (#15; prisma/migrations/20261207010000_append_only_audit, scripts/audit-verify.ts):
 * the database refuses to change or remove audit rows (trigger for everyone, privileges for the application
 * role), never rewrites them when a row they name goes, chains every event to the one before it in its stream
 * even under concurrent writers, and `npm run audit:verify` names the first broken link of a tampered chain.
 * Configuration and administration changes made through the API are audit events like workflow events.
 *
 * Its own database (isolateTestFile): the verifier walks every stream, and the test tampers with rows.
 */

const ROOT = join(__dirname, '..');
const suffix = randomBytes(3).toString('hex');

let stack: Stack;
let databaseUrl = '';
let pg: Client;
let work = '';
const tokens = new Map<string, string>();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run audit:verify` as the operator runs it: the compiled entry point, plain node, DATABASE_URL. */
function runVerify(): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(work, 'dist/scripts/audit-verify.js')],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl }, timeout: 120_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pg.query(sql, params)).rows as T[];
}

/** Every column of the audit rows `where` selects, in chain order (for before/after comparisons). */
const auditRows = (where: string, params: unknown[]) =>
  rows(`SELECT * FROM audit_event WHERE ${where} ORDER BY stream, position`, params);

/** Runs `sql` as superuser with triggers and foreign keys off: how someone with the keys would tamper. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await pg.query('BEGIN');
  try {
    await pg.query('SET LOCAL session_replication_role = replica');
    await pg.query(sql, params);
    await pg.query('COMMIT');
  } catch (error) {
    await pg.query('ROLLBACK');
    throw error;
  }
}

/** The API as a signed-in demo user (get, post, put, patch, delete). */
function api(as: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(as)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    post: (path: string, body: unknown = {}) => call('POST', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

beforeAll(async () => {
  ({ databaseUrl } = await isolateTestFile('audit'));
  stack = await startStack();
  for (const user of ['admin', 'walidata']) tokens.set(user, await stack.login(user));
  pg = new Client({ connectionString: databaseUrl });
  await pg.connect();

  // The verifier compiled as scripts/run-ts.sh compiles it, into a directory of this test's own.
  work = await compileEntryPoints('audit-verify', ['scripts/audit-verify.ts']);
}, 300_000);

afterAll(async () => {
  await pg?.end();
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('configuration and administration changes are audited like workflow events', () => {
  let admin: { id: string; agencyId: string };
  let walidata: { id: string; agencyId: string };

  beforeAll(async () => {
    const users = await stack.db.user.findMany({
      where: { username: { in: ['admin', 'walidata'] } },
      select: { id: true, username: true, agencyId: true },
    });
    admin = users.find((u) => u.username === 'admin')!;
    walidata = users.find((u) => u.username === 'walidata')!;
  });

  /** The one event of `action` whose detail contains `detail`, with its actor; fails on none or several. */
  async function oneEvent(action: string, detail: Record<string, unknown>) {
    const found = await rows<{
      actor_user_id: string;
      actor_agency_id: string;
      detail: Record<string, unknown>;
      stream: string;
    }>(
      `SELECT actor_user_id, actor_agency_id, detail, stream FROM audit_event
        WHERE action = $1 AND detail @> $2::jsonb`,
      [action, JSON.stringify(detail)],
    );
    expect(found).toHaveLength(1);
    const event = found[0]!;
    // Never a secret: no password hash, no one-time password, in any event.
    expect(JSON.stringify(event.detail)).not.toMatch(/argon2|password/i);
    return event;
  }

  it('holidays: adding, renaming and removing a day each leave one event with the admin and the change', async () => {
    const date = '2031-03-03';
    expect(
      (await api('admin').put(`/calendar/holidays/${date}`, { name: 'Libur A', kind: 'CUTI_BERSAMA' }))
        .status,
    ).toBe(200);
    expect(
      (await api('admin').put(`/calendar/holidays/${date}`, { name: 'Libur B', kind: 'NATIONAL_HOLIDAY' }))
        .status,
    ).toBe(200);
    expect((await api('admin').delete(`/calendar/holidays/${date}`)).status).toBe(204);

    const added = await oneEvent('HOLIDAY_ADDED', { date });
    expect(added).toMatchObject({
      actor_user_id: admin.id,
      actor_agency_id: admin.agencyId,
      stream: 'holiday',
      detail: { date, name: 'Libur A', kind: 'CUTI_BERSAMA', previous: null },
    });
    const changed = await oneEvent('HOLIDAY_CHANGED', { date });
    expect(changed.detail).toEqual({
      date,
      name: 'Libur B',
      kind: 'NATIONAL_HOLIDAY',
      previous: { name: 'Libur A', kind: 'CUTI_BERSAMA' },
    });
    expect((await oneEvent('HOLIDAY_REMOVED', { date })).detail).toEqual({
      date,
      name: 'Libur B',
      kind: 'NATIONAL_HOLIDAY',
    });
    // A refused change leaves nothing.
    expect((await api('admin').delete(`/calendar/holidays/${date}`)).status).toBe(404);
    expect(
      await rows(`SELECT 1 FROM audit_event WHERE action = 'HOLIDAY_REMOVED' AND detail->>'date' = $1`, [
        date,
      ]),
    ).toHaveLength(1);
  });

  it('a template version names its code, version, the version before it and its steps', async () => {
    const seeded = SEED_TEMPLATES[0]!;
    const res = await api('admin').post('/templates', {
      ...seeded,
      name: `${seeded.name} (revisi ${suffix})`,
    });
    expect(res.status).toBe(201);
    const event = await oneEvent('TEMPLATE_VERSION_CREATED', {
      code: seeded.code,
      version: res.body.version,
    });
    expect(event).toMatchObject({
      actor_user_id: admin.id,
      actor_agency_id: admin.agencyId,
      stream: 'template',
      detail: {
        templateId: res.body.id,
        previousVersion: res.body.version - 1,
        name: `${seeded.name} (revisi ${suffix})`,
        steps: seeded.steps.map((s) => s.key),
      },
    });
  });

  it('an indicator standard, new and revised, names the fields each version changed', async () => {
    const code = `AUDIT_${suffix.toUpperCase()}`;
    const standard = {
      code,
      name: 'Posyandu aktif',
      definition: 'Jumlah posyandu yang melapor kegiatan bulanan.',
      unit: 'posyandu',
      valueType: 'integer',
      areaLevel: 'kecamatan',
      periodicity: 'yearly',
      producers: ['DINKES'],
      metadata: { source: 'Laporan posyandu', method: 'Rekap', contact: 'Walidata Diskominfo' },
    };
    expect((await api('walidata').post('/data/indicators', standard)).status).toBe(201);
    expect(
      (await api('walidata').post('/data/indicators', { ...standard, name: 'Posyandu aktif (purnama)' }))
        .status,
    ).toBe(201);

    const first = await oneEvent('INDICATOR_STANDARD_DEFINED', { code, version: 1 });
    expect(first).toMatchObject({
      actor_user_id: walidata.id,
      actor_agency_id: walidata.agencyId,
      stream: 'indicator',
      detail: { previousVersion: null, unit: 'posyandu', producers: ['DINKES'] },
    });
    expect(first.detail.changed).toEqual(expect.arrayContaining(['code', 'name', 'definition', 'unit']));
    const second = await oneEvent('INDICATOR_STANDARD_DEFINED', { code, version: 2 });
    expect(second.detail).toMatchObject({
      previousVersion: 1,
      name: 'Posyandu aktif (purnama)',
      changed: ['name'],
    });
  });

  it("a dead letter retried, a digest sent by hand and a user's own password change each leave one event", async () => {
    // A dead email delivery of the admin's, as the notifier leaves one after its last attempt.
    const notification = await stack.db.notification.create({
      data: {
        key: `audit-dead:${suffix}`,
        userId: admin.id,
        kind: 'TASK_ASSIGNED',
        title: 'Uji',
        body: 'Uji',
      },
    });
    const delivery = await stack.db.notificationDelivery.create({
      data: {
        notificationId: notification.id,
        channel: 'EMAIL',
        status: 'DEAD',
        notBefore: new Date(),
        attempts: 8,
      },
    });
    expect(
      (await api('admin').post(`/admin/notification-deliveries/${delivery.id}/retry`)).status,
    ).toBeLessThan(300);
    expect(await oneEvent('DELIVERY_RETRIED', { deliveryId: delivery.id })).toMatchObject({
      actor_user_id: admin.id,
      actor_agency_id: admin.agencyId,
      stream: 'delivery',
      detail: { deliveryId: delivery.id, generation: 1 },
    });

    expect((await api('admin').post('/admin/digests', { date: '2031-03-04' })).status).toBe(202);
    expect(await oneEvent('DIGEST_RUN', { date: '2031-03-04' })).toMatchObject({
      actor_user_id: admin.id,
      stream: 'digest',
    });

    const staff = await stack.createStaff('DINKES');
    const changed = await fetch(`${stack.baseUrl}/auth/password`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        currentPassword: process.env.GOTONG_TEST_PASSWORD,
        newPassword: `ganti-${suffix}-sandi-baru`,
      }),
    });
    expect(changed.status).toBeLessThan(300);
    const user = await stack.db.user.findUniqueOrThrow({ where: { username: staff.username } });
    expect(await oneEvent('PASSWORD_CHANGED', { username: staff.username })).toMatchObject({
      actor_user_id: user.id,
      actor_agency_id: user.agencyId,
      stream: 'user',
      detail: { userId: user.id, username: staff.username, firstSignIn: false },
    });
  });

  it('OPDs and user accounts: create, rename, edit, password reset, deactivation and import, never a secret', async () => {
    const agency = await api('admin').post('/admin/agencies', {
      code: `AUD-${suffix.toUpperCase()}`,
      name: 'Dinas Audit',
      kind: 'DINAS',
    });
    expect(agency.status).toBe(201);
    expect(
      (await api('admin').patch(`/admin/agencies/${agency.body.id}`, { name: 'Dinas Audit Baru' })).status,
    ).toBe(200);

    const username = `audit.${suffix}`;
    const created = await api('admin').post('/admin/users', {
      username,
      fullName: 'Pegawai Audit',
      role: 'STAFF',
      agencyCode: 'DINKES',
    });
    expect(created.status).toBe(201);
    const userId = created.body.user.id as string;
    expect((await api('admin').patch(`/admin/users/${userId}`, { position: 'Analis' })).status).toBe(200);
    const reset = await api('admin').post(`/admin/users/${userId}/reset-password`);
    expect(reset.status).toBeLessThan(300);
    expect((await api('admin').post(`/admin/users/${userId}/deactivate`)).status).toBeLessThan(300);
    expect((await api('admin').post(`/admin/agencies/${agency.body.id}/deactivate`)).status).toBeLessThan(
      300,
    );

    const form = new FormData();
    const csv = `username,fullName,role,agencyCode\nimport.${suffix},Pegawai Impor,STAFF,DINKES\n`;
    form.append('file', new Blob([csv]), 'pegawai.csv');
    const imported = await fetch(`${stack.baseUrl}/admin/users/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('admin')}` },
      body: form,
    });
    expect(imported.status).toBe(201);

    // The one-time passwords the answers carried are in no event.
    for (const secret of [created.body.oneTimePassword, reset.body.oneTimePassword]) {
      expect(secret).toMatch(/^[a-z0-9-]{14}$/);
      expect(await rows('SELECT 1 FROM audit_event WHERE strpos(detail::text, $1) > 0', [secret])).toEqual(
        [],
      );
    }
    const byAdmin = { actor_user_id: admin.id, actor_agency_id: admin.agencyId };
    for (const [action, detail] of [
      ['AGENCY_CREATED', { agencyId: agency.body.id }],
      ['AGENCY_RENAMED', { agencyId: agency.body.id }],
      ['AGENCY_DEACTIVATED', { agencyId: agency.body.id }],
      ['USER_CREATED', { userId, username }],
      [
        'USER_UPDATED',
        { userId, changed: ['position'], changes: { position: { from: null, to: 'Analis' } } },
      ],
      ['PASSWORD_RESET', { userId }],
      ['USER_DEACTIVATED', { userId }],
      ['USER_CREATED', { username: `import.${suffix}`, via: 'import' }],
    ] as const) {
      const event = await oneEvent(action, detail);
      expect({ action, ...event }).toMatchObject({ action, ...byAdmin });
    }
  });
});

describe('the database keeps audit rows as they were written', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of audit rows, even to the superuser, naming the table', async () => {
    const [row] = await auditRows('id = (SELECT id FROM audit_event LIMIT 1)', []);
    expect(row).toBeDefined();
    await expect(
      pg.query(`UPDATE audit_event SET action = 'FORGED' WHERE id = $1`, [row!.id]),
    ).rejects.toThrow('audit_event is append-only: UPDATE refused');
    await expect(pg.query('DELETE FROM audit_event WHERE id = $1', [row!.id])).rejects.toThrow(
      'audit_event is append-only: DELETE refused',
    );
    await expect(pg.query('TRUNCATE audit_event')).rejects.toThrow(
      'audit_event is append-only: TRUNCATE refused',
    );
    expect(await auditRows('id = $1', [row!.id])).toEqual([row]);
  });

  it('the application role, privileged as deploy/postgres/init-roles.sh sets it up, appends and reads but never changes a row', async () => {
    // The gotong database part of init-roles.sh, run as it is with a role of this test's own for gotong_app
    // (roles are cluster-wide) and the superuser for gotong_owner.
    const script = readFileSync(join(ROOT, 'deploy/postgres/init-roles.sh'), 'utf8');
    const section = /run --dbname gotong <<'SQL'\n([\s\S]*?)\nSQL/.exec(script)?.[1];
    expect(section).toContain('REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_event FROM gotong_app');
    const role = `gotong_app_audit_${suffix}`;
    const owner = (await rows<{ u: string }>('SELECT current_user AS u'))[0]!.u;
    await pg.query(`CREATE ROLE ${role} NOLOGIN`);
    try {
      await pg.query(section!.replaceAll('gotong_app', role).replaceAll('gotong_owner', owner));
      await pg.query(`SET ROLE ${role}`);
      try {
        // Appends: the trigger chains the row whatever the writer says its place is.
        const [appended] = (
          await pg.query(
            `INSERT INTO audit_event (id, event_key, action, detail, occurred_at, stream, position, prev_hash, hash)
             VALUES ($1, $2, 'APP_ROLE_APPENDS', '{}', now(), 'forged', 1, $3, 'forged') RETURNING *`,
            [randomUUID(), `app-role:${suffix}`, GENESIS],
          )
        ).rows;
        expect(appended).toMatchObject({ stream: 'app-role', position: 1, prev_hash: GENESIS });
        expect(appended.hash).toMatch(/^[0-9a-f]{64}$/);
        // Its ordinary privileges on other tables are intact...
        await pg.query(`UPDATE holiday SET name = name WHERE false`);
        // ...but the audit trail is not its to change.
        for (const sql of [
          `UPDATE audit_event SET action = 'FORGED' WHERE id = '${appended.id}'`,
          `DELETE FROM audit_event WHERE id = '${appended.id}'`,
          'TRUNCATE audit_event',
        ]) {
          await expect(pg.query(sql)).rejects.toThrow('permission denied for table audit_event');
        }
      } finally {
        await pg.query('RESET ROLE');
      }
    } finally {
      await pg.query(`DROP OWNED BY ${role}`);
      await pg.query(`DROP ROLE ${role}`);
    }
  });

  it('removing a user, task or project that an event names is refused and leaves the event as it was', async () => {
    const db = stack.db;
    const lead = await db.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const user = await db.user.create({
      data: {
        username: `gone.${suffix}`,
        fullName: 'Pegawai Pindah',
        role: 'STAFF',
        agencyId: lead.agencyId,
        passwordHash: 'x',
      },
    });
    const project = await db.jointProject.create({
      data: {
        id: randomUUID(),
        workflowId: `audit-project-${suffix}`,
        title: 'Proyek audit',
        leadUserId: lead.id,
        leadAgencyId: lead.agencyId,
      },
    });
    const other = await db.jointProject.create({
      data: {
        id: randomUUID(),
        workflowId: `audit-project-2-${suffix}`,
        title: 'Proyek audit 2',
        leadUserId: lead.id,
        leadAgencyId: lead.agencyId,
      },
    });
    const task = await db.task.create({
      data: {
        id: randomUUID(),
        projectId: project.id,
        workflowId: `audit-task-${suffix}`,
        agencyId: lead.agencyId,
        title: 'Tugas audit',
        dueAt: new Date(),
      },
    });
    await db.$transaction(async (tx) => {
      await audit(tx, {
        eventKey: `task:${task.id}:claimed-by-gone`,
        action: 'TASK_CLAIMED',
        projectId: project.id,
        taskId: task.id,
        actorUserId: user.id,
        actorAgencyId: user.agencyId,
        detail: {},
        occurredAt: new Date(),
      });
      await audit(tx, {
        eventKey: `project:${other.id}:started`,
        action: 'PROJECT_STARTED',
        projectId: other.id,
        actorUserId: lead.id,
        detail: {},
        occurredAt: new Date(),
      });
    });
    const before = await auditRows('project_id IN ($1, $2)', [project.id, other.id]);
    expect(before).toHaveLength(2);

    for (const [sql, id, constraint] of [
      ['DELETE FROM app_user WHERE id = $1', user.id, 'audit_event_actor_user_id_fkey'],
      ['DELETE FROM task WHERE id = $1', task.id, 'audit_event_task_id_fkey'],
      ['DELETE FROM joint_project WHERE id = $1', other.id, 'audit_event_project_id_fkey'],
    ] as const) {
      const refused = await pg.query(sql, [id]).then(
        () => null,
        (error: { code?: string; constraint?: string }) => error,
      );
      expect(refused).toMatchObject({ code: '23503', constraint });
    }
    expect(await auditRows('project_id IN ($1, $2)', [project.id, other.id])).toEqual(before);
  });
});

describe('the hash chain', () => {
  it('concurrent writers on several connections append one unbroken chain; a retried event does not advance it', async () => {
    const clients = Array.from({ length: 4 }, () => createPrismaClient(databaseUrl));
    try {
      await Promise.all(
        clients.map((db, c) =>
          (async () => {
            for (let i = 0; i < 12; i += 1) {
              await db.$transaction(async (tx) => {
                await audit(tx, {
                  eventKey: `load-${suffix}:${c}:${i}`,
                  action: 'LOAD',
                  detail: { c, i },
                  occurredAt: new Date(),
                });
                // Every writer retries the same event now and then: written once.
                if (i % 4 === 0)
                  await audit(tx, {
                    eventKey: `load-${suffix}:retried`,
                    action: 'LOAD',
                    occurredAt: new Date(),
                  });
              });
              // Two streams in one statement, listed in opposite orders by neighbouring writers: no deadlock.
              const pair = [
                { eventKey: `left-${suffix}:${c}:${i}`, action: 'LOAD', occurredAt: new Date() },
                { eventKey: `right-${suffix}:${c}:${i}`, action: 'LOAD', occurredAt: new Date() },
              ];
              await db.$transaction((tx) => auditMany(tx, c % 2 === 0 ? pair : pair.reverse()));
            }
          })(),
        ),
      );
    } finally {
      await Promise.all(clients.map((db) => db.$disconnect()));
    }
    for (const [stream, count] of [
      [`load-${suffix}`, 4 * 12 + 1],
      [`left-${suffix}`, 4 * 12],
      [`right-${suffix}`, 4 * 12],
    ] as const) {
      const chain = await rows<{ position: number; prev_hash: string; hash: string }>(
        'SELECT position, prev_hash, hash FROM audit_event WHERE stream = $1 ORDER BY position',
        [stream],
      );
      expect(chain.map((r) => r.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      chain.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? GENESIS : chain[i - 1]!.hash));
    }
    const verifier = new Client({ connectionString: databaseUrl });
    await verifier.connect();
    try {
      expect((await verifyAuditChain(verifier)).broken).toBeNull();
    } finally {
      await verifier.end();
    }
  });

  it('npm run audit:verify prints every stream with its head, then names the first broken link and exits 1', async () => {
    const heads = await rows<{ stream: string; events: number; head: string }>(
      `SELECT DISTINCT ON (stream) stream, position AS events, hash AS head FROM audit_event
        ORDER BY stream, position DESC`,
    );
    const total = heads.reduce((sum, h) => sum + h.events, 0);
    const ok = await runVerify();
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    for (const h of heads)
      expect(ok.stdout).toContain(`[audit:verify] stream ${h.stream}: ${h.events} events, head ${h.head}\n`);
    expect(ok.stdout).toContain(`OK: ${heads.length} streams, ${total} events, every link holds`);

    // A changed row: its own hash no longer matches; the first such row in chain order is the one reported.
    const holiday = await auditRows(`stream = 'holiday'`, []);
    expect(holiday.length).toBeGreaterThanOrEqual(3);
    const [, second, third] = holiday as { id: string; detail: object; hash: string }[];
    await tamper(
      `UPDATE audit_event SET detail = detail || '{"name": "Libur palsu"}' WHERE id = ANY($1::uuid[])`,
      [[second!.id, third!.id]],
    );
    const forged = (await auditRows('id = $1', [second!.id]))[0] as { hash: string };
    const recomputed = (
      await rows<{ h: string }>('SELECT audit_event_hash(e) AS h FROM audit_event e WHERE id = $1', [
        second!.id,
      ])
    )[0]!.h;
    const changed = await runVerify();
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(
      `[audit:verify] BROKEN LINK in stream holiday at position 2 (event ${second!.id}): ` +
        `hash expected ${recomputed}, found ${forged.hash}\n`,
    );
    expect(changed.stdout).not.toContain(third!.id);

    // The forger also rehashes the row: now the next link no longer points at it.
    await tamper(`UPDATE audit_event SET detail = $2::jsonb WHERE id = $1`, [
      third!.id,
      JSON.stringify(third!.detail),
    ]);
    await tamper(`UPDATE audit_event e SET hash = audit_event_hash(e) WHERE id = $1`, [second!.id]);
    const rehashed = await runVerify();
    expect(rehashed.code).toBe(1);
    expect(rehashed.stdout).toMatch(
      new RegExp(
        `BROKEN LINK in stream holiday at position 3 \\(event ${third!.id}\\): prev_hash expected [0-9a-f]{64}, found ${second!.hash}`,
      ),
    );

    // Put back as it was: the chain holds again. Then a removed event: the gap is the broken link.
    await tamper(`UPDATE audit_event SET detail = $2::jsonb, hash = $3 WHERE id = $1`, [
      second!.id,
      JSON.stringify(second!.detail),
      second!.hash,
    ]);
    expect((await runVerify()).code).toBe(0);
    await tamper('DELETE FROM audit_event WHERE id = $1', [second!.id]);
    const removed = await runVerify();
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain(
      `BROKEN LINK in stream holiday at position 3 (event ${third!.id}): position expected 2, found 3`,
    );
  });
});
