import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { startStack, type Stack } from './support/stack';

/**
 * People and offices without SQL (apps/api/src/admin): an admin creates an OPD and its users, a Kepala OPD
 * manages the staff of their own OPD only, every change is an audit event, and a bulk import is all or
 * nothing with a row-by-row report. Rules: libs/domain/src/permissions.ts (managesUser).
 */
describe('admin: people and offices', () => {
  let stack: Stack;
  const tokens = new Map<string, string>();
  const suffix = randomBytes(3).toString('hex');
  const newCode = `DISHUBX-${suffix.toUpperCase()}`;

  beforeAll(async () => {
    stack = await startStack();
    for (const user of ['admin', 'kepala.dinkes', 'staff.dinkes']) tokens.set(user, await stack.login(user));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function call(method: string, path: string, as: string, body?: unknown) {
    const token = tokens.get(as) ?? as;
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function login(username: string, password: string) {
    const res = await fetch(`${stack.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function upload(as: string, file: Buffer, name: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), name);
    const res = await fetch(`${stack.baseUrl}/admin/users/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(as)}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  let agencyId = '';
  let staffId = '';

  it('an admin creates a new OPD; its code is unique and bad input names the field', async () => {
    const created = await call('POST', '/admin/agencies', 'admin', {
      code: newCode,
      name: 'Dinas Perhubungan (baru)',
      kind: 'DINAS',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: newCode, kind: 'DINAS', active: true });
    agencyId = created.body.id;

    const again = await call('POST', '/admin/agencies', 'admin', { code: newCode, name: 'x', kind: 'DINAS' });
    expect(again.status).toBe(409);
    const bad = await call('POST', '/admin/agencies', 'admin', {
      code: 'dishub',
      name: '',
      kind: 'DEPARTEMEN',
    });
    expect(bad.status).toBe(400);
    const messages = (bad.body.message as string[]).join('\n');
    expect(messages).toMatch(/^code/m);
    expect(messages).toMatch(/^name/m);
    expect(messages).toMatch(/^kind/m);

    const renamed = await call('PATCH', `/admin/agencies/${agencyId}`, 'admin', {
      name: 'Dinas Perhubungan Kabupaten Probolinggo',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Dinas Perhubungan Kabupaten Probolinggo');
    expect(
      (await call('POST', '/admin/agencies', 'kepala.dinkes', { code: 'ZZ', name: 'x', kind: 'DINAS' }))
        .status,
    ).toBe(403);
  });

  it('an admin creates a user in it; the one-time password signs in once and must be changed', async () => {
    const username = `staff.${newCode.toLowerCase()}`;
    const created = await call('POST', '/admin/users', 'admin', {
      username,
      fullName: 'Rudi Hartono',
      role: 'STAFF',
      agencyCode: newCode,
      position: 'Analis Lalu Lintas',
      email: 'rudi@example.org',
      phone: '+6281234567890',
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username, role: 'STAFF', mustChangePassword: true });
    expect(created.body.user.agency.code).toBe(newCode);
    expect(created.body.oneTimePassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(JSON.stringify(created.body.user)).not.toContain('password');
    staffId = created.body.user.id;

    const dup = await call('POST', '/admin/users', 'admin', {
      username,
      fullName: 'Someone Else',
      role: 'STAFF',
      agencyCode: newCode,
    });
    expect(dup.status).toBe(409);
    const bad = await call('POST', '/admin/users', 'admin', {
      username: 'X',
      fullName: 'Bad',
      role: 'LEADERSHIP',
      agencyCode: 'SETDA',
      email: 'nope',
    });
    expect(bad.status).toBe(400);
    const messages = (bad.body.message as string[]).join('\n');
    expect(messages).toMatch(/^username/m);
    expect(messages).toMatch(/^office/m);
    expect(messages).toMatch(/^email/m);

    const signedIn = await login(username, created.body.oneTimePassword);
    expect(signedIn.status).toBe(200);
    const me = await call('GET', '/auth/me', signedIn.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(username);
    expect(me.body.mustChangePassword).toBe(true);
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    // Until the user has chosen their own password, the one-time password opens nothing else.
    const refused = await call('GET', '/inbox', signedIn.body.accessToken);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/POST \/auth\/password/);

    const changed = await call('POST', '/auth/password', signedIn.body.accessToken, {
      currentPassword: created.body.oneTimePassword,
      newPassword: 'Perhubungan-2026!',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await call('GET', '/inbox', changed.body.accessToken)).status).toBe(200);
    expect((await login(username, created.body.oneTimePassword)).status).toBe(401);
    expect((await login(username, 'Perhubungan-2026!')).status).toBe(200);
  });

  it('a reset gives a new one-time password and ends the sessions', async () => {
    const username = `staff.${newCode.toLowerCase()}`;
    const before = await login(username, 'Perhubungan-2026!');
    const reset = await call('POST', `/admin/users/${staffId}/reset-password`, 'admin');
    expect(reset.status).toBe(200);
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await call('GET', '/auth/me', before.body.accessToken)).status).toBe(401);
    expect((await login(username, 'Perhubungan-2026!')).status).toBe(401);
    expect((await login(username, reset.body.oneTimePassword)).status).toBe(200);
  });

  it('an OPD with active users cannot be deactivated: 409 names them; once they are gone it can', async () => {
    const refused = await call('POST', `/admin/agencies/${agencyId}/deactivate`, 'admin');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(`staff.${newCode.toLowerCase()}`);
    expect(refused.body.activeUsers).toEqual([`staff.${newCode.toLowerCase()}`]);

    expect((await call('POST', `/admin/users/${staffId}/deactivate`, 'admin')).status).toBe(200);
    const username = `staff.${newCode.toLowerCase()}`;
    const afterwards = await login(username, 'whatever-it-was');
    expect(afterwards.status).toBe(401);

    const done = await call('POST', `/admin/agencies/${agencyId}/deactivate`, 'admin');
    expect(done.status).toBe(200);
    expect(done.body.active).toBe(false);
    const noNewUsers = await call('POST', '/admin/users', 'admin', {
      username: `late.${suffix}`,
      fullName: 'Too Late',
      role: 'STAFF',
      agencyCode: newCode,
    });
    expect(noNewUsers.status).toBe(400);
    expect(noNewUsers.body.message[0]).toMatch(/^agencyCode: .* is deactivated/);
  });

  it('a Kepala OPD manages the staff of their own OPD only', async () => {
    const own = await call('POST', '/admin/users', 'kepala.dinkes', {
      username: `staff2.dinkes.${suffix}`,
      fullName: 'Dewi Lestari',
      role: 'STAFF',
      agencyCode: 'DINKES',
    });
    expect(own.status).toBe(201);
    expect(own.body.oneTimePassword).toBeTruthy();
    const ownId = own.body.user.id as string;

    const otherOpd = await call('POST', '/admin/users', 'kepala.dinkes', {
      username: `staff2.dinsos.${suffix}`,
      fullName: 'Not Mine',
      role: 'STAFF',
      agencyCode: 'DINSOS',
    });
    expect(otherOpd.status).toBe(403);
    const promote = await call('POST', '/admin/users', 'kepala.dinkes', {
      username: `head2.dinkes.${suffix}`,
      fullName: 'Not Mine Either',
      role: 'AGENCY_HEAD',
      agencyCode: 'DINKES',
    });
    expect(promote.status).toBe(403);

    expect(
      (await call('PATCH', `/admin/users/${ownId}`, 'kepala.dinkes', { position: 'Bidan' })).status,
    ).toBe(200);
    expect(
      (await call('PATCH', `/admin/users/${ownId}`, 'kepala.dinkes', { role: 'AGENCY_HEAD' })).status,
    ).toBe(403);
    expect(
      (await call('PATCH', `/admin/users/${ownId}`, 'kepala.dinkes', { agencyCode: 'DINSOS' })).status,
    ).toBe(403);
    expect((await call('POST', `/admin/users/${ownId}/reset-password`, 'kepala.dinkes')).status).toBe(200);

    const dinsosStaff = await stack.db.user.findUniqueOrThrow({ where: { username: 'staff.dinsos' } });
    expect(
      (await call('PATCH', `/admin/users/${dinsosStaff.id}`, 'kepala.dinkes', { position: 'x' })).status,
    ).toBe(403);
    expect(
      (await call('POST', `/admin/users/${dinsosStaff.id}/reset-password`, 'kepala.dinkes')).status,
    ).toBe(403);
    expect((await call('POST', `/admin/users/${dinsosStaff.id}/deactivate`, 'kepala.dinkes')).status).toBe(
      403,
    );

    const list = await call('GET', '/admin/users?pageSize=100', 'kepala.dinkes');
    expect(list.status).toBe(200);
    expect(new Set(list.body.items.map((u: any) => u.agency.code))).toEqual(new Set(['DINKES']));
    expect((await call('GET', '/admin/users?agencyCode=DINKES', 'staff.dinkes')).status).toBe(403);

    expect((await call('POST', `/admin/users/${ownId}/deactivate`, 'kepala.dinkes')).status).toBe(200);
  });

  it('every change is an audit event, and none carries a password', async () => {
    const events = await stack.db.auditEvent.findMany({
      where: {
        action: {
          in: [
            'AGENCY_CREATED',
            'AGENCY_RENAMED',
            'AGENCY_DEACTIVATED',
            'USER_CREATED',
            'USER_UPDATED',
            'USER_DEACTIVATED',
            'PASSWORD_RESET',
          ],
        },
        occurredAt: { gte: new Date(Date.now() - 10 * 60_000) },
      },
    });
    const mine = events.filter(
      (e) => JSON.stringify(e.detail).includes(suffix) || JSON.stringify(e.detail).includes(agencyId),
    );
    const actions = new Set(mine.map((e) => e.action));
    for (const action of [
      'AGENCY_CREATED',
      'AGENCY_RENAMED',
      'AGENCY_DEACTIVATED',
      'USER_CREATED',
      'USER_UPDATED',
      'USER_DEACTIVATED',
      'PASSWORD_RESET',
    ])
      expect(actions).toContain(action);
    for (const event of mine) {
      expect(JSON.stringify(event.detail)).not.toMatch(/password"|passwordHash|oneTimePassword/i);
      expect(event.actorUserId).toBeTruthy();
    }
  });

  describe('bulk import', () => {
    const header = ['username', 'fullName', 'role', 'agencyCode', 'office', 'position', 'email', 'phone'];
    const rows = Array.from({ length: 40 }, (_, i) => [
      `import${i + 1}.${suffix}`,
      `Pegawai Impor ${i + 1}`,
      i === 0 ? 'AGENCY_HEAD' : 'STAFF',
      i % 2 === 0 ? 'DINKES' : 'DINSOS',
      '',
      'Pelaksana',
      `import${i + 1}@example.org`,
      `+62812000${String(i).padStart(4, '0')}`,
    ]);

    async function xlsx(data: string[][]): Promise<Buffer> {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('users');
      sheet.addRow(header);
      for (const row of data) sheet.addRow(row);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    }

    const imported = () =>
      stack.db.user.count({ where: { username: { endsWith: `.${suffix}`, startsWith: 'import' } } });

    it('two bad rows: nothing is imported and both rows are named (row, column)', async () => {
      const bad = rows.map((r) => [...r]);
      bad[5]![2] = 'KEPALA'; // sheet row 7: role
      bad[21]![3] = 'NOPE'; // sheet row 23: agencyCode
      const res = await upload('admin', await xlsx(bad), 'pegawai.xlsx');
      expect(res.status).toBe(400);
      expect(res.body.rows).toEqual([
        expect.objectContaining({ row: 7, column: 'role' }),
        expect.objectContaining({ row: 23, column: 'agencyCode' }),
      ]);
      expect(res.body.message[0]).toMatch(/^row 7, role: /);
      expect(await imported()).toBe(0);
    });

    it('fixed, all 40 are imported at once, each with its one-time password', async () => {
      const res = await upload('admin', await xlsx(rows), 'pegawai.xlsx');
      expect(res.status).toBe(201);
      expect(res.body.imported).toBe(40);
      expect(res.body.users).toHaveLength(40);
      expect(new Set(res.body.users.map((u: any) => u.oneTimePassword)).size).toBe(40);
      expect(await imported()).toBe(40);
      const first = res.body.users[0];
      expect((await login(first.username, first.oneTimePassword)).status).toBe(200);

      const again = await upload('admin', await xlsx(rows.slice(0, 2)), 'pegawai.xlsx');
      expect(again.status).toBe(400);
      expect(again.body.rows[0]).toMatchObject({ row: 2, column: 'username' });
    });

    it('a CSV file works the same way, and the template downloads', async () => {
      const csv = [header.join(','), `csv1.${suffix},Pegawai CSV,STAFF,DINKES,,,,`].join('\n');
      const res = await upload('admin', Buffer.from(csv), 'pegawai.csv');
      expect(res.status).toBe(201);
      expect(res.body.users[0].username).toBe(`csv1.${suffix}`);

      const template = await fetch(`${stack.baseUrl}/admin/users/import-template.xlsx`, {
        headers: { authorization: `Bearer ${tokens.get('admin')}` },
      });
      expect(template.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await template.arrayBuffer());
      expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...header]);
    });
  });
});
