import { randomBytes, randomUUID } from 'node:crypto';
import { startStack, type Stack } from './support/stack';

/**
 * Authorisation of the people-and-offices endpoints (apps/api/src/admin), every endpoint × every kind of
 * caller, beside the main matrix (test/authorization.e2e.spec.ts). The target account is a STAFF member of
 * DINKES: kepala.dinkes is the Kepala OPD of its own OPD, kepala.dinsos of another. Rules:
 * libs/domain/src/permissions.ts ('agency.admin', 'user.admin', managesUser).
 *
 * A caller allowed to write acts on a fresh object of its own (a new OPD, a new DINKES staff member), so no
 * success changes what a later row sees; refused rows act on the fixture and must leave it as it was.
 */
const CALLERS = [
  'anonymous',
  'staff.dinkes',
  'kepala.dinkes',
  'kepala.dinsos',
  'lead.bappeda',
  'sekda',
  'walidata',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];

/** Status per caller, given as status → callers; every caller must appear exactly once. */
function statuses(byStatus: Record<number, Caller[]>): Record<Caller, number> {
  const result: Partial<Record<Caller, number>> = {};
  for (const [status, callers] of Object.entries(byStatus))
    for (const caller of callers) {
      if (result[caller] !== undefined) throw new Error(`${caller} is listed twice`);
      result[caller] = Number(status);
    }
  const missing = CALLERS.filter((c) => result[c] === undefined);
  if (missing.length > 0) throw new Error(`no expected status for ${missing.join(', ')}`);
  return result as Record<Caller, number>;
}

const others = (...named: Caller[]) => CALLERS.filter((c) => c !== 'anonymous' && !named.includes(c));
/** ADMIN only. */
const ADMIN_ONLY = (ok: number) => statuses({ 401: ['anonymous'], [ok]: ['admin'], 403: others('admin') });
/** ADMIN, and the Kepala OPD of the target's OPD. */
const OWN_HEAD = (ok: number) =>
  statuses({ 401: ['anonymous'], [ok]: ['admin', 'kepala.dinkes'], 403: others('admin', 'kepala.dinkes') });
/** ADMIN and every Kepala OPD (each sees their own OPD). */
const ANY_HEAD = (ok: number) =>
  statuses({
    401: ['anonymous'],
    [ok]: ['admin', 'kepala.dinkes', 'kepala.dinsos'],
    403: others('admin', 'kepala.dinkes', 'kepala.dinsos'),
  });

interface Fixture {
  agencyId: string;
  staffId: string;
}
interface Fresh {
  agencyId: string;
  staffId: string;
  username: string;
}

type Row = {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: (t: Fresh) => string;
  body?: (t: Fresh) => unknown;
  /** Multipart upload of a CSV instead of a JSON body. */
  csv?: (t: Fresh) => string;
  expected: Record<Caller, number>;
};

const suffix = randomBytes(3).toString('hex');
const CSV_HEADER = 'username,fullName,role,agencyCode,office,position,email,phone';

const ROWS: Row[] = [
  { name: 'GET /admin/agencies', method: 'GET', path: () => '/admin/agencies', expected: ADMIN_ONLY(200) },
  {
    name: 'POST /admin/agencies',
    method: 'POST',
    path: () => '/admin/agencies',
    body: (t) => ({ code: `AUTHZ-N${t.username.slice(6).toUpperCase()}`, name: 'Dinas Uji', kind: 'DINAS' }),
    expected: ADMIN_ONLY(201),
  },
  {
    name: 'PATCH /admin/agencies/:id',
    method: 'PATCH',
    path: (t) => `/admin/agencies/${t.agencyId}`,
    body: () => ({ name: 'Dinas Uji (nama baru)' }),
    expected: ADMIN_ONLY(200),
  },
  {
    name: 'POST /admin/agencies/:id/deactivate',
    method: 'POST',
    path: (t) => `/admin/agencies/${t.agencyId}/deactivate`,
    expected: ADMIN_ONLY(200),
  },
  { name: 'GET /admin/users', method: 'GET', path: () => '/admin/users', expected: ANY_HEAD(200) },
  {
    name: 'GET /admin/users?agencyCode=DINKES',
    method: 'GET',
    path: () => '/admin/users?agencyCode=DINKES',
    expected: OWN_HEAD(200),
  },
  {
    name: 'POST /admin/users (STAFF of DINKES)',
    method: 'POST',
    path: () => '/admin/users',
    body: (t) => ({
      username: `${t.username}.new`,
      fullName: 'Pegawai Baru',
      role: 'STAFF',
      agencyCode: 'DINKES',
    }),
    expected: OWN_HEAD(201),
  },
  {
    name: 'POST /admin/users (AGENCY_HEAD of DINKES)',
    method: 'POST',
    path: () => '/admin/users',
    body: (t) => ({
      username: `${t.username}.head`,
      fullName: 'Kepala Baru',
      role: 'AGENCY_HEAD',
      agencyCode: 'DINKES',
    }),
    expected: ADMIN_ONLY(201),
  },
  {
    name: 'GET /admin/users/:id',
    method: 'GET',
    path: (t) => `/admin/users/${t.staffId}`,
    expected: OWN_HEAD(200),
  },
  {
    name: 'PATCH /admin/users/:id',
    method: 'PATCH',
    path: (t) => `/admin/users/${t.staffId}`,
    body: () => ({ position: 'Perawat Pelaksana' }),
    expected: OWN_HEAD(200),
  },
  {
    name: 'POST /admin/users/:id/deactivate',
    method: 'POST',
    path: (t) => `/admin/users/${t.staffId}/deactivate`,
    expected: OWN_HEAD(200),
  },
  {
    name: 'POST /admin/users/:id/reset-password',
    method: 'POST',
    path: (t) => `/admin/users/${t.staffId}/reset-password`,
    expected: OWN_HEAD(200),
  },
  {
    // A Kepala OPD of another OPD may import, but a row outside their OPD is a bad cell (400, nothing imported).
    name: 'POST /admin/users/import (one STAFF of DINKES)',
    method: 'POST',
    path: () => '/admin/users/import',
    csv: (t) => `${CSV_HEADER}\n${t.username}.imp,Pegawai Impor,STAFF,DINKES,,,,\n`,
    expected: statuses({
      401: ['anonymous'],
      201: ['admin', 'kepala.dinkes'],
      400: ['kepala.dinsos'],
      403: others('admin', 'kepala.dinkes', 'kepala.dinsos'),
    }),
  },
  {
    name: 'GET /admin/users/import-template.xlsx',
    method: 'GET',
    path: () => '/admin/users/import-template.xlsx',
    expected: ANY_HEAD(200),
  },
  {
    name: 'GET /admin/users/:unknown',
    method: 'GET',
    path: () => `/admin/users/${randomUUID()}`,
    // Unknown ids are 404 for whoever may manage accounts at all (docs/domain.md), 403 for the rest.
    expected: statuses({
      401: ['anonymous'],
      404: ['admin', 'kepala.dinkes', 'kepala.dinsos'],
      403: others('admin', 'kepala.dinkes', 'kepala.dinsos'),
    }),
  },
];

describe('authorization of the admin endpoints (people and offices)', () => {
  let stack: Stack;
  const tokens = new Map<Caller, string>();
  let fixture: Fixture;

  async function createAgency(code: string) {
    const agency = await stack.db.agency.create({ data: { code, name: `Dinas Uji ${code}`, kind: 'DINAS' } });
    return agency.id;
  }

  async function createStaff(username: string) {
    const dinkes = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DINKES' } });
    const user = await stack.db.user.create({
      data: { username, fullName: 'Staf Uji', role: 'STAFF', agencyId: dinkes.id, passwordHash: 'x' },
    });
    return user.id;
  }

  /** A fresh OPD and DINKES staff member for an allowed write; the fixture for everything else. */
  async function target(row: Row, caller: Caller, allowed: boolean): Promise<Fresh> {
    const key = `${ROWS.indexOf(row)}-${CALLERS.indexOf(caller)}-${suffix}`;
    const username = `authz.${key}`;
    if (!allowed) return { ...fixture, username };
    return {
      agencyId: await createAgency(`AUTHZ-F${key.toUpperCase()}`),
      staffId: await createStaff(username),
      username,
    };
  }

  async function fixtureState() {
    const [agency, staff, accounts, agencies] = await Promise.all([
      stack.db.agency.findUniqueOrThrow({ where: { id: fixture.agencyId } }),
      stack.db.user.findUniqueOrThrow({ where: { id: fixture.staffId } }),
      // Only this file's: other test files share the database and create accounts meanwhile.
      stack.db.user.count({ where: { username: { startsWith: 'authz.' } } }),
      stack.db.agency.count({ where: { code: { startsWith: 'AUTHZ-' } } }),
    ]);
    return { agency, staff, accounts, agencies };
  }

  beforeAll(async () => {
    stack = await startStack();
    for (const caller of CALLERS) if (caller !== 'anonymous') tokens.set(caller, await stack.login(caller));
    fixture = {
      agencyId: await createAgency(`AUTHZ-${suffix.toUpperCase()}`),
      staffId: await createStaff(`authz.fixture.${suffix}`),
    };
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const cases = ROWS.flatMap((row) =>
    CALLERS.map((caller) => [row.name, caller, row.expected[caller], row] as const),
  );

  it.each(cases)('%s as %s → %i', async (_name, caller, expected, row) => {
    const allowed = expected >= 200 && expected < 300 && row.method !== 'GET';
    const t = await target(row, caller, allowed);
    const before = allowed ? null : await fixtureState();
    const headers: Record<string, string> = {};
    const token = tokens.get(caller);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: FormData | string | undefined;
    if (row.csv) {
      const form = new FormData();
      form.append('file', new Blob([row.csv(t)], { type: 'text/csv' }), 'users.csv');
      body = form;
    } else if (row.body) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(row.body(t));
    }
    const res = await fetch(`${stack.baseUrl}${row.path(t)}`, { method: row.method, headers, body });
    const text = await res.text();
    expect({ status: res.status, text: res.status === expected ? '' : text }).toEqual({
      status: expected,
      text: '',
    });
    if (before) expect(await fixtureState()).toEqual(before);
  });
});
