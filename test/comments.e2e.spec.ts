import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNotifierStack, type MailSink, type NotifierStack } from './support/notifier';
import { eventually, type Stack } from './support/stack';

/**
 * Comments on tasks, projects and incidents through the real stack (API, Temporal worker, Postgres, the
 * notifier on Redis, a real SMTP server), with a comment's attachment in the local-disk store (STORAGE_DIR).
 *
 * Fixture: lead.bappeda leads a project with tasks for DINKES and DINSOS; DPUPR takes no part. staff.bpbd
 * declares a flood in Tongas (which mobilises BPBD, DINSOS, DPUPR… but not BAPPEDA).
 */

const TAG = randomBytes(3).toString('hex');
const USERS = [
  'lead.bappeda',
  'staff.dinkes',
  'kepala.dinkes',
  'staff.dinsos',
  'kepala.dinsos',
  'staff.dpupr',
  'staff.bpbd',
  'sekda',
  'admin',
];

describe('comments and mentions', () => {
  let ctx: NotifierStack;
  let stack: Stack;
  let mail: MailSink;
  let storageDir: string;
  let projectId: string;
  let dinkesTask: string;
  const api = (user: string) => ctx.api(user);

  const notificationsFor = async (user: string, filter: (n: any) => boolean) => {
    const res = await api(user).get('/notifications?pageSize=100');
    expect(res.status).toBe(200);
    return (res.body.items as any[]).filter(filter);
  };

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'gotong-comments-'));
    ctx = await startNotifierStack({
      label: 'comments',
      users: USERS,
      env: { STORAGE_DRIVER: 'local', STORAGE_DIR: storageDir },
    });
    ({ stack, mail } = ctx);
    const started = await api('lead.bappeda').post('/projects', {
      title: `Pendataan banjir ${TAG}`,
      agencyCodes: ['DINKES', 'DINSOS'],
      sla: { amount: 3, unit: 'days' },
    });
    expect(started.status).toBe(201);
    projectId = started.body.id;
    const steps = await eventually(async () => {
      const project = await api('lead.bappeda').get(`/projects/${projectId}`);
      const withTask = (project.body.steps as any[] | undefined)?.filter((s) => s.task !== null) ?? [];
      return withTask.length === 2 ? withTask : undefined;
    });
    dinkesTask = steps.find((s: any) => s.task.agency.code === 'DINKES').task.id;
  }, 180_000);

  afterAll(async () => {
    await ctx?.stop();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('lets every party of a task comment, and shows the thread in order with author and OPD', async () => {
    const said: [string, string][] = [
      ['staff.dinkes', 'Data posyandu Tiris sudah kami kumpulkan.'],
      ['lead.bappeda', 'Terima kasih, mohon lengkapi Andungbiru.'],
      ['staff.dinsos', 'Kami punya data penerima PKH untuk desa yang sama.'],
      ['sekda', 'Mohon selesai minggu ini.'],
    ];
    for (const [user, body] of said) {
      const res = await api(user).post(`/tasks/${dinkesTask}/comments`, { body });
      expect({ user, status: res.status }).toEqual({ user, status: 201 });
      expect(res.body).toMatchObject({ body, mentions: [], attachments: [] });
    }
    const thread = await api('kepala.dinkes').get(`/tasks/${dinkesTask}/comments`);
    expect(thread.status).toBe(200);
    expect(thread.body.map((c: any) => [c.agency.code, c.body])).toEqual([
      ['DINKES', said[0]![1]],
      ['BAPPEDA', said[1]![1]],
      ['DINSOS', said[2]![1]],
      ['SETDA', said[3]![1]],
    ]);
    expect(thread.body[0].author.fullName).toEqual(expect.any(String));
    // Each comment is in the project's audit trail (not its text).
    const trail = await stack.db.auditEvent.findMany({
      where: { taskId: dinkesTask, action: 'COMMENT_ADDED' },
      select: { detail: true },
    });
    expect(trail.map((e) => (e.detail as any).commentId).sort()).toEqual(
      thread.body.map((c: any) => c.id).sort(),
    );
  });

  it('records a comment resent with its Idempotency-Key once, answering the repeat with the first', async () => {
    const send = () =>
      fetch(`${stack.baseUrl}/projects/${projectId}/comments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.tokens['lead.bappeda']}`,
          'content-type': 'application/json',
          'idempotency-key': `comment-${TAG}-once`,
        },
        body: JSON.stringify({ body: `Rapat koordinasi Senin ${TAG}` }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(await stack.db.comment.count({ where: { body: `Rapat koordinasi Senin ${TAG}` } })).toBe(1);
  });

  it('refuses a foreign OPD reading or writing, 404 for an unknown object, 400 for an empty comment', async () => {
    for (const path of [`/tasks/${dinkesTask}/comments`, `/projects/${projectId}/comments`]) {
      const read = await api('staff.dpupr').get(path);
      expect({ path, status: read.status }).toEqual({ path, status: 403 });
      const write = await api('staff.dpupr').post(path, { body: 'ikut komentar' });
      expect({ path, status: write.status }).toEqual({ path, status: 403 });
    }
    expect((await api('staff.dinkes').get(`/tasks/${randomUUID()}/comments`)).status).toBe(404);
    expect((await api('staff.dinkes').post(`/projects/${randomUUID()}/comments`, { body: 'x' })).status).toBe(
      404,
    );
    const empty = await api('staff.dinkes').post(`/tasks/${dinkesTask}/comments`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toEqual(['body must not be empty']);
    const long = await api('staff.dinkes').post(`/tasks/${dinkesTask}/comments`, { body: 'x'.repeat(4001) });
    expect(long.status).toBe(400);
    expect(await stack.db.comment.count({ where: { authorAgency: { code: 'DPUPR' } } })).toBe(0);
  });

  it('notifies the mentioned OPD in-app and by email, linking to the task; not the author, not others', async () => {
    const body = `@DINSOS mohon kirim data penerima bantuan desa Tiris ${TAG}.`;
    const res = await api('staff.dinkes').post(`/tasks/${dinkesTask}/comments`, { body });
    expect(res.status).toBe(201);
    expect(res.body.mentions).toEqual([{ code: 'DINSOS', name: expect.any(String) }]);
    const mentioned = (n: any) => n.kind === 'COMMENT_MENTIONED' && n.taskId === dinkesTask;

    for (const user of ['staff.dinsos', 'kepala.dinsos']) {
      const [note] = await eventually(async () => {
        const found = await notificationsFor(user, mentioned);
        return found.length > 0 ? found : undefined;
      });
      expect(note).toMatchObject({ link: `/tasks/${dinkesTask}`, urgent: false });
      expect(note.title).toMatch(/^Dinas Sosial.* disebut dalam komentar: /);
      expect(note.body).toContain(body);
    }
    const [message] = await eventually(() => {
      const found = mail
        .to('staff.dinsos@probolinggokab.go.id')
        .filter((m) => m.subject?.includes('disebut dalam komentar') && m.text?.includes(TAG));
      return found.length > 0 ? found : undefined;
    });
    expect(message!.text).toContain(`/tasks/${dinkesTask}`);
    expect(message!.text).toContain(body);
    // The author, the lead and a foreign OPD hear nothing of it.
    for (const user of ['staff.dinkes', 'lead.bappeda', 'staff.dpupr']) {
      expect({ user, notes: await notificationsFor(user, mentioned) }).toEqual({ user, notes: [] });
    }
  });

  it('refuses a mention of an OPD that cannot see the task, or of an unknown code, naming it', async () => {
    const foreign = await api('staff.dinkes').post(`/tasks/${dinkesTask}/comments`, {
      body: '@DPUPR tolong bantu',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toEqual([
      'mentions: @DPUPR cannot see this task; mention only OPDs that take part in it',
    ]);
    const unknown = await api('staff.dinkes').post(`/tasks/${dinkesTask}/comments`, {
      body: 'lihat daftar',
      mentions: ['NOPE'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['mentions: @NOPE is not an active OPD code']);
    // Leadership reads everything: the Sekda's office may be mentioned; an e-mail address is no mention.
    const setda = await api('lead.bappeda').post(`/projects/${projectId}/comments`, {
      body: 'Laporan ke @SETDA, salinan ke bappeda@probolinggokab.go.id',
    });
    expect(setda.status).toBe(201);
    expect(setda.body.mentions.map((m: any) => m.code)).toEqual(['SETDA']);
    const sekdaNote = await eventually(async () => {
      const found = await notificationsFor(
        'sekda',
        (n) => n.kind === 'COMMENT_MENTIONED' && n.projectId === projectId,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(sekdaNote[0].link).toBe(`/projects/${projectId}`);
  });

  it('keeps a comment’s photo in the local store, for the author to attach and the parties to download', async () => {
    const comment = await api('staff.dinkes').post(`/tasks/${dinkesTask}/comments`, {
      body: 'Foto jalan ke posyandu.',
    });
    expect(comment.status).toBe(201);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const send = async (user: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'jalan.png');
      const res = await fetch(`${stack.baseUrl}/comments/${comment.body.id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.tokens[user]}` },
        body: form,
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    // Only its author attaches to a comment.
    expect((await send('lead.bappeda')).status).toBe(403);
    const attached = await send('staff.dinkes');
    expect(attached.status).toBe(201);
    expect(attached.body).toMatchObject({
      mediaType: 'image/png',
      hasThumbnail: true,
      fileName: 'jalan.png',
    });
    // On disk under STORAGE_DIR: the file and its thumbnail.
    expect(
      readdirSync(join(storageDir, 'attachments')).filter((f) => f.startsWith(attached.body.id)),
    ).toHaveLength(2);

    const thread = await api('staff.dinsos').get(`/tasks/${dinkesTask}/comments`);
    const listed = thread.body.find((c: any) => c.id === comment.body.id);
    expect(listed.attachments).toEqual([
      expect.objectContaining({ id: attached.body.id, hasThumbnail: true }),
    ]);
    const get = (user: string) =>
      fetch(`${stack.baseUrl}/attachments/${attached.body.id}/content`, {
        headers: { authorization: `Bearer ${ctx.tokens[user]}` },
      });
    const ok = await get('staff.dinsos');
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(png)).toBe(true);
    expect((await get('staff.dpupr')).status).toBe(403);
  });

  it('takes comments on an incident from its mobilised OPDs only, and notifies a mentioned one', async () => {
    const declared = await api('staff.bpbd').post('/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: ['35.13.23'],
      desa: ['35.13.23.2008'],
      description: `Banjir Tongas ${TAG}`,
    });
    expect(declared.status).toBe(201);
    const incidentId = declared.body.id as string;
    const mobilised = await eventually(async () => {
      const res = await api('staff.bpbd').get(`/incidents/${incidentId}`);
      const codes = (res.body?.agencies as any[] | undefined)?.map((a) => a.code) ?? [];
      return codes.includes('DINSOS') ? codes : undefined;
    });
    expect(mobilised).not.toContain('BAPPEDA');

    const res = await api('staff.bpbd').post(`/incidents/${incidentId}/comments`, {
      body: `@DINSOS dapur umum dibutuhkan di Tongas Wetan ${TAG}`,
    });
    expect(res.status).toBe(201);
    const note = await eventually(async () => {
      const found = await notificationsFor(
        'staff.dinsos',
        (n) => n.kind === 'COMMENT_MENTIONED' && n.body.includes(`Tongas Wetan ${TAG}`),
      );
      return found.length > 0 ? found[0] : undefined;
    });
    expect(note.link).toBe(`/incidents/${incidentId}`);
    // A comment is not urgent, even on an emergency.
    expect(note.urgent).toBe(false);

    expect((await api('staff.dinsos').get(`/incidents/${incidentId}/comments`)).body).toHaveLength(1);
    expect((await api('lead.bappeda').get(`/incidents/${incidentId}/comments`)).status).toBe(403);
    expect((await api('lead.bappeda').post(`/incidents/${incidentId}/comments`, { body: 'x' })).status).toBe(
      403,
    );

    const closed = await api('staff.bpbd').post(`/incidents/${incidentId}/status`, {
      status: 'CLOSED',
      reason: `comments ${TAG} done`,
    });
    expect(closed.status).toBe(200);
  });
});
