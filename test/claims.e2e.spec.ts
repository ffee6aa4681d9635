import { hash } from '@node-rs/argon2';
import { isolateTestFile } from './support/database';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Claims that mean something (issue #17) through the real stack: a claim is exclusive (a colleague's submit is
 * refused, naming what to do), the holder or their Kepala OPD releases it, the Kepala OPD hands it over to
 * someone else of the OPD; the Kotak Tugas shows open work by default, owed work before what waits for review,
 * and "my tasks"; a lead sees the submissions waiting for their review, another OPD's lead does not.
 */
describe('claims, the inbox of open work and the review queue', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};
  const api = (who: string) => http(stack.baseUrl, tokens[who]);
  /** A second staff member of DINKES: the colleague. */
  let colleague = '';
  let colleagueId = '';
  let holderId = '';
  const CLAIMED_BY_ANOTHER =
    'another staff member has claimed this task; ask them to release it or your Kepala OPD to hand it over';

  beforeAll(async () => {
    // A database of its own: the inbox assertions below see exactly this file's tasks.
    await isolateTestFile('claims');
    stack = await startStack();
    for (const who of ['lead.bappeda', 'staff.dinkes', 'kepala.dinkes', 'staff.dinsos']) {
      tokens[who] = await stack.login(who);
    }
    const created = await stack.createStaff('DINKES', { fullName: 'Rina Kartika' });
    colleague = created.username;
    tokens[colleague] = created.token;
    colleagueId = await userId(colleague);
    holderId = await userId('staff.dinkes');
    // A LEAD of another OPD (DPUPR), who leads projects of their own.
    const dpupr = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DPUPR' } });
    await stack.db.user.create({
      data: {
        username: 'lead.dpupr.claims',
        fullName: 'Hendra Wijaya',
        role: 'LEAD',
        position: 'Kepala Bidang Perencanaan',
        agencyId: dpupr.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
    });
    tokens['lead.dpupr'] = await stack.login('lead.dpupr.claims');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function userId(username: string): Promise<string> {
    return (await stack.db.user.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
  }

  /** A one-step project for DINKES, led by `lead`; returns the DINKES task's id once it is in the inbox. */
  async function dinkesTask(title: string, minutes: number, lead = 'lead.bappeda'): Promise<string> {
    const res = await api(lead).post('/projects', {
      title,
      agencyCodes: ['DINKES'],
      sla: { amount: minutes, unit: 'minutes' },
    });
    expect(res.status).toBe(201);
    return eventually(async () => {
      const inbox = await api('staff.dinkes').get(`/inbox?projectId=${res.body.id}`);
      return inbox.body.items[0]?.id as string | undefined;
    });
  }

  const task = async (id: string) => (await api('staff.dinkes').get(`/tasks/${id}`)).body;
  const submit = (who: string, id: string, summary = 'Rekap posyandu aktif per desa.') =>
    api(who).post(`/tasks/${id}/contribution`, { values: { summary } });
  const review = (id: string, decision: 'ACCEPT' | 'RETURN', lead = 'lead.bappeda') =>
    api(lead).post(`/tasks/${id}/review`, {
      decision,
      ...(decision === 'RETURN' ? { note: 'Lengkapi desa yang belum melapor.' } : {}),
    });

  it('makes a claim exclusive: a colleague may neither claim nor submit; the holder submits', async () => {
    const id = await dinkesTask('Pendataan posyandu aktif', 120);
    const claimed = await api('staff.dinkes').post(`/tasks/${id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ state: 'CLAIMED', assigneeId: holderId });
    await eventually(async () => (await task(id)).assignee?.id === holderId);

    const again = await api(colleague).post(`/tasks/${id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(CLAIMED_BY_ANOTHER);
    const over = await submit(colleague, id);
    expect(over.status).toBe(403);
    expect(over.body.message).toBe(CLAIMED_BY_ANOTHER);
    // The Kepala OPD does not submit over their staff's claim either: they hand the task over.
    expect((await submit('kepala.dinkes', id)).status).toBe(403);
    expect((await api('staff.dinkes').get(`/tasks/${id}/contributions`)).body).toEqual([]);

    const submitted = await submit('staff.dinkes', id);
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('SUBMITTED');
  });

  it('lets the holder release a claim, after which a colleague claims it; the Kepala OPD releases for them', async () => {
    const id = await dinkesTask('Rekap imunisasi dasar', 180);
    expect((await api('staff.dinkes').post(`/tasks/${id}/claim`)).status).toBe(200);
    await eventually(async () => (await task(id)).assignee?.id === holderId);

    // Only the holder (or their Kepala OPD) releases; another OPD not at all.
    const notTheirs = await api(colleague).post(`/tasks/${id}/release`);
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.message).toBe(
      'only the staff member who claimed the task, or their Kepala OPD, releases it',
    );
    expect((await api('staff.dinsos').post(`/tasks/${id}/release`)).status).toBe(403);

    const released = await api('staff.dinkes').post(`/tasks/${id}/release`);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ state: 'ASSIGNED' });
    expect(released.body.assigneeId ?? null).toBeNull();
    await eventually(async () => {
      const t = await task(id);
      return t.status === 'ASSIGNED' && t.assignee === null;
    });
    const history = (await api('staff.dinkes').get(`/tasks/${id}/history`)).body as any[];
    expect(history.map((e) => e.action)).toContain('TASK_RELEASED');
    const nothingHeld = await api('staff.dinkes').post(`/tasks/${id}/release`);
    expect(nothingHeld.status).toBe(409);
    expect(nothingHeld.body.message).toBe('nobody has claimed this task');

    const taken = await api(colleague).post(`/tasks/${id}/claim`);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ state: 'CLAIMED', assigneeId: colleagueId });
    await eventually(async () => (await task(id)).assignee?.id === colleagueId);

    // The colleague falls ill: their Kepala OPD gives the task back to the OPD's open work.
    const byHead = await api('kepala.dinkes').post(`/tasks/${id}/release`);
    expect(byHead.status).toBe(200);
    expect(byHead.body.state).toBe('ASSIGNED');
    await eventually(async () => (await task(id)).assignee === null);
  });

  it('lets the Kepala OPD hand a claimed task over to a staff member of the OPD, who then submits', async () => {
    const id = await dinkesTask('Laporan gizi buruk', 240);
    expect((await api('staff.dinkes').post(`/tasks/${id}/claim`)).status).toBe(200);
    await eventually(async () => (await task(id)).assignee?.id === holderId);

    // Whom to: the OPD's active staff and Kepala, not the holder; only the Kepala OPD may ask.
    const candidates = await api('kepala.dinkes').get(`/tasks/${id}/handover-candidates`);
    expect(candidates.status).toBe(200);
    const ids = (candidates.body as any[]).map((u) => u.id);
    expect(ids).toContain(colleagueId);
    expect(ids).not.toContain(holderId);
    expect(candidates.body.find((u: any) => u.id === colleagueId)).toMatchObject({
      fullName: 'Rina Kartika',
      role: 'STAFF',
    });
    expect((await api('staff.dinkes').get(`/tasks/${id}/handover-candidates`)).status).toBe(403);
    expect((await api('staff.dinsos').get(`/tasks/${id}/handover-candidates`)).status).toBe(403);

    const handed = await api('kepala.dinkes').post(`/tasks/${id}/reassign`, {
      toUserId: colleagueId,
      reason: 'Staf yang memegang sedang cuti',
    });
    expect(handed.status).toBe(200);
    await eventually(async () => (await task(id)).assignee?.id === colleagueId);
    const former = await submit('staff.dinkes', id);
    expect(former.status).toBe(403);
    expect(former.body.message).toBe(CLAIMED_BY_ANOTHER);
    expect((await submit(colleague, id)).status).toBe(200);
  });

  describe('the Kotak Tugas and the review queue', () => {
    const ids = { done: '', returnedA: '', submitted: '', returnedB: '', claimed: '', otherLead: '' };
    const statusOf = (items: any[]) => items.map((t) => t.status as string);
    const OWED = ['ASSIGNED', 'CLAIMED', 'RETURNED'];
    const FINISHED = ['COMPLETED', 'CANCELLED', 'CLOSED'];

    /** Every item of the caller's inbox for the query, page by page (pageSize as given). */
    async function all(who: string, query: string, pageSize = 100): Promise<any[]> {
      const items: any[] = [];
      for (let page = 1; ; page++) {
        const res = await api(who).get(`/inbox?pageSize=${pageSize}&page=${page}${query ? `&${query}` : ''}`);
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        if (page * pageSize >= res.body.total) {
          expect(items).toHaveLength(res.body.total);
          return items;
        }
      }
    }

    beforeAll(async () => {
      // SLAs in working minutes. The returned tasks are due long after the submitted one (a return only moves a
      // deadline later: fair clocks), so a returned task listed above it shows owed work sorting first.
      ids.done = await dinkesTask('Inbox: selesai', 30);
      ids.returnedA = await dinkesTask('Inbox: dikembalikan A', 600);
      ids.submitted = await dinkesTask('Inbox: menunggu review', 45);
      ids.returnedB = await dinkesTask('Inbox: dikembalikan B', 660);
      ids.claimed = await dinkesTask('Inbox: diambil rekan', 240);
      ids.otherLead = await dinkesTask('Inbox: proyek DPUPR', 300, 'lead.dpupr');

      for (const id of [ids.done, ids.returnedA, ids.returnedB]) {
        expect((await submit('staff.dinkes', id)).status).toBe(200);
      }
      expect((await review(ids.done, 'ACCEPT')).status).toBe(200);
      expect((await review(ids.returnedA, 'RETURN')).status).toBe(200);
      expect((await review(ids.returnedB, 'RETURN')).status).toBe(200);
      expect((await submit('staff.dinkes', ids.submitted)).status).toBe(200);
      expect((await submit('staff.dinkes', ids.otherLead)).status).toBe(200);
      expect((await api(colleague).post(`/tasks/${ids.claimed}/claim`)).status).toBe(200);
      await eventually(async () => {
        const states = await Promise.all(Object.values(ids).map(async (id) => (await task(id)).status));
        return (
          states.join() === 'COMPLETED,RETURNED,SUBMITTED,RETURNED,CLAIMED,SUBMITTED' &&
          (await task(ids.claimed)).assignee?.id === colleagueId
        );
      });
    }, 240_000);

    it('shows open work by default: owed work by deadline, then what waits for review; never finished work', async () => {
      const open = await all('staff.dinkes', '');
      const statuses = statusOf(open);
      expect(statuses.filter((s) => FINISHED.includes(s))).toEqual([]);
      const openIds = open.map((t) => t.id);
      expect(openIds).not.toContain(ids.done);
      for (const id of [ids.returnedA, ids.returnedB, ids.claimed, ids.submitted, ids.otherLead]) {
        expect(openIds).toContain(id);
      }
      // Owed work first, what waits for review after it; each by deadline, most urgent first.
      const firstSubmitted = statuses.indexOf('SUBMITTED');
      expect(statuses.slice(0, firstSubmitted).every((s) => OWED.includes(s))).toBe(true);
      expect(statuses.slice(firstSubmitted).every((s) => s === 'SUBMITTED')).toBe(true);
      for (const group of [open.slice(0, firstSubmitted), open.slice(firstSubmitted)]) {
        const due = group.map((t) => Date.parse(t.dueAt));
        expect(due).toEqual([...due].sort((a, b) => a - b));
      }
      // A returned task is owed work: it sorts above a submitted one due sooner.
      expect(Date.parse((await task(ids.returnedB)).dueAt)).toBeGreaterThan(
        Date.parse((await task(ids.submitted)).dueAt),
      );
      expect(openIds.indexOf(ids.returnedB)).toBeLessThan(openIds.indexOf(ids.submitted));
      // Small pages give the same list.
      expect((await all('staff.dinkes', '', 2)).map((t) => t.id)).toEqual(openIds);
    });

    it('shows finished work too with scope=all (after the open work), and any state asked for', async () => {
      const open = (await all('staff.dinkes', '')).map((t) => t.id);
      const everything = await all('staff.dinkes', 'scope=all');
      expect(everything.map((t) => t.id).slice(0, open.length)).toEqual(open);
      const finished = everything.slice(open.length);
      expect(finished.map((t) => t.id)).toContain(ids.done);
      expect(statusOf(finished).every((s) => FINISHED.includes(s))).toBe(true);
      // Paged across the boundary between open and finished work, the same list.
      expect((await all('staff.dinkes', 'scope=all', 3)).map((t) => t.id)).toEqual(
        everything.map((t) => t.id),
      );

      const completed = await all('staff.dinkes', 'status=COMPLETED');
      expect(completed.map((t) => t.id)).toContain(ids.done);
      expect(statusOf(completed).every((s) => s === 'COMPLETED')).toBe(true);
      const returned = await all('staff.dinkes', 'status=RETURNED');
      expect(returned.map((t) => t.id).sort()).toEqual([ids.returnedA, ids.returnedB].sort());
      const returnedDue = returned.map((t) => Date.parse(t.dueAt));
      expect(returnedDue).toEqual([...returnedDue].sort((a, b) => a - b));
      // One project's tasks: finished ones included unless open work is asked for.
      const project = (await task(ids.done)).project.id;
      expect((await all('staff.dinkes', `projectId=${project}`)).map((t) => t.id)).toEqual([ids.done]);
      expect(await all('staff.dinkes', `projectId=${project}&scope=open`)).toEqual([]);
      expect((await api('staff.dinkes').get('/inbox?scope=everything')).status).toBe(400);
    });

    it('lists "my tasks": those the caller holds', async () => {
      const mine = await all(colleague, 'mine=true');
      expect(mine.map((t) => t.id)).toContain(ids.claimed);
      expect(mine.every((t) => t.assignee?.id === colleagueId)).toBe(true);
      const holders = (await all('staff.dinkes', 'mine=true')).map((t) => t.assignee?.id);
      expect(holders.length).toBeGreaterThan(0);
      expect(holders.every((h) => h === holderId)).toBe(true);
      expect((await all('staff.dinkes', 'mine=true')).map((t) => t.id)).not.toContain(ids.claimed);
    });

    it("gives a lead the submissions waiting in the projects they lead; another OPD's lead does not see them", async () => {
      const queue = await api('lead.bappeda').get('/reviews?pageSize=100');
      expect(queue.status).toBe(200);
      const queued = queue.body.items as any[];
      expect(queued).toHaveLength(queue.body.total);
      const ids_ = queued.map((r) => r.id);
      expect(ids_).toContain(ids.submitted);
      expect(ids_).not.toContain(ids.otherLead);
      expect(ids_).not.toContain(ids.returnedA);
      const waiting = queued.find((r) => r.id === ids.submitted);
      expect(waiting).toMatchObject({
        title: 'Inbox: menunggu review — Dinas Kesehatan',
        agency: { code: 'DINKES' },
        version: 1,
        submittedBy: { id: holderId },
      });
      expect(Date.parse(waiting.submittedAt)).not.toBeNaN();
      expect(waiting.project.title).toBe('Inbox: menunggu review');
      // The review due first (then the oldest submission) on top.
      const order = queued.map((r) => [
        r.reviewDueAt ? Date.parse(r.reviewDueAt) : -Infinity,
        Date.parse(r.submittedAt),
      ]);
      expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));

      // Resubmitted after a return: version 2, behind the submission that waits longer.
      expect((await submit('staff.dinkes', ids.returnedB, 'Sudah dilengkapi.')).status).toBe(200);
      const requeued = await eventually(async () => {
        const items = (await api('lead.bappeda').get('/reviews?pageSize=100')).body.items as any[];
        return items.some((r) => r.id === ids.returnedB) ? items : undefined;
      });
      expect(requeued.find((r) => r.id === ids.returnedB)).toMatchObject({ version: 2 });
      const order2 = requeued.map((r) => r.id);
      expect(order2.indexOf(ids.submitted)).toBeLessThan(order2.indexOf(ids.returnedB));

      const other = await api('lead.dpupr').get('/reviews');
      expect(other.status).toBe(200);
      expect(other.body.items.map((r: any) => r.id)).toEqual([ids.otherLead]);
      // Staff lead nothing: an empty queue.
      expect((await api('staff.dinkes').get('/reviews')).body).toMatchObject({ items: [], total: 0 });
    });
  });
});
