import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { hash } from '@node-rs/argon2';
import { owesSitreps } from '@gotong/domain/emergency/sitrep-duty';
import { eventually, startStack, type Stack } from './support/stack';
import { incidentWorkflowIdOf, projectWorkflowIdOf, taskWorkflowIdOf } from './support/workflow-ids';

/**
 * Authorisation on every endpoint, by role and by OPD, through the real stack
 * (API, Temporal worker, Postgres, Redis). Every route of apps/api is walked
 * as every caller below and the status code asserted, one named test per row.
 *
 * The fixture: lead.bappeda starts an ad-hoc project for DINKES and DINSOS
 * with a two-second SLA, so both tasks sit escalated at level 1 (Kepala OPD).
 * DINKES owns `:dinkesTask` and its escalation; DINSOS takes part in the same
 * project (it may read, never work, the DINKES task); DPUPR takes no part and
 * is the foreign OPD; walidata (DISKOMINFO) and BPBD take no part either.
 *
 * The incident fixture: staff.bpbd declares a drought (kekeringan, the type
 * with the fewest OPDs) in Kecamatan Tongas, which mobilises BPBD (the
 * command), DINKES, DINSOS, DPUPR, DISKOMINFO (so walidata's OPD), DLH and
 * the Tongas kecamatan office, each with an acknowledgement and a first sitrep
 * task. BAPPEDA (lead.bappeda) and DPMD (a staff user the test creates,
 * `staff.dpmd`) are not mobilised. A mobilised OPD, leadership and admin read
 * `:incident`; only the command and leadership steer it; staff and heads of
 * mobilised OPDs ask each other for resources.
 *
 * Refusals and reads run first, on the fixture, and each refused write must
 * leave it exactly as it was (projections, audit trail, workflow histories).
 * A caller allowed to write acts on a fresh object of its own (`:freshTask`,
 * `:freshEscalation`, `:freshProject`, `:freshIncident`) created for that row
 * in beforeAll, so no success changes what a later row sees. Incidents are
 * heavy (a workflow and two tasks per mobilised OPD), so a steering caller's
 * status change, mobilisation, release and assignment share one incident of
 * that caller (none changes what the others need), and the requests of the
 * mobilised OPDs share one (each request is its own). Rules: docs/domain.md
 * ("Roles and offices"), libs/domain/src/permissions.ts and
 * apps/api/src/common/access.service.ts.
 */

const CALLERS = [
  'anonymous',
  'staff.dinkes',
  'kepala.dinkes',
  'staff.dinsos',
  'kepala.dinsos',
  'staff.dpupr',
  'kepala.dpupr',
  'staff.bpbd',
  'kepala.bpbd',
  'lead.bappeda',
  'sekda',
  'bupati',
  'walidata',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];
/** The seeded demo users. */
type DemoUser = Exclude<Caller, 'anonymous'>;
const DEMO_USERS = CALLERS.filter((c) => c !== 'anonymous') as DemoUser[];
/** Plus a DPMD staff user created by the test: an OPD that no drought mobilises. */
type Username = DemoUser | 'staff.dpmd';

const ANONYMOUS: Caller[] = ['anonymous'];
const SIGNED_IN: Caller[] = CALLERS.filter((c) => c !== 'anonymous');
/** Read the fixture project and its tasks: its OPDs (owner DINKES, participant DINSOS), its lead, leadership, admin. */
const FIXTURE_READERS: Caller[] = [
  'staff.dinkes',
  'kepala.dinkes',
  'staff.dinsos',
  'kepala.dinsos',
  'lead.bappeda',
  'sekda',
  'bupati',
  'admin',
];
/** Take no part in the fixture project: DPUPR (the foreign OPD), walidata (DISKOMINFO) and BPBD. */
const OUTSIDERS: Caller[] = ['staff.dpupr', 'kepala.dpupr', 'walidata', 'staff.bpbd', 'kepala.bpbd'];
const HEADS: Caller[] = ['kepala.dinkes', 'kepala.dinsos', 'kepala.dpupr', 'kepala.bpbd'];
const LEADERSHIP: Caller[] = ['sekda', 'bupati'];
/** Every signed-in caller except the ones named. */
const othersThan = (...allowed: Caller[]): Caller[] => SIGNED_IN.filter((c) => !allowed.includes(c));
/** The command of every emergency (BPBD): with leadership, it declares and steers incidents. */
const COMMAND: Caller[] = ['staff.bpbd', 'kepala.bpbd'];
const STEERS: Caller[] = [...COMMAND, ...LEADERSHIP];
/** Work tasks for OPDs a drought mobilises (BPBD included): they ask each other for resources. */
const REQUESTERS: Caller[] = [
  'staff.dinkes',
  'kepala.dinkes',
  'staff.dinsos',
  'kepala.dinsos',
  'staff.dpupr',
  'kepala.dpupr',
  ...COMMAND,
];
/** Read the fixture incident: every mobilised OPD (walidata's DISKOMINFO too), leadership, admin; not BAPPEDA. */
const INCIDENT_READERS: Caller[] = othersThan('lead.bappeda');
/** The OPD code of a staff or head demo user (staff.dinsos → DINSOS). */
const opdOf = (caller: Caller | Username) => caller.split('.')[1]?.toUpperCase() ?? '';

/** Status per caller, given as status → callers; every caller must appear exactly once. */
function statuses(byStatus: Record<number, Caller[]>): Record<Caller, number> {
  const result: Partial<Record<Caller, number>> = {};
  for (const [status, callers] of Object.entries(byStatus)) {
    for (const caller of callers) {
      if (result[caller] !== undefined) throw new Error(`${caller} is listed twice`);
      result[caller] = Number(status);
    }
  }
  const missing = CALLERS.filter((c) => result[c] === undefined);
  if (missing.length > 0) throw new Error(`no expected status for ${missing.join(', ')}`);
  return result as Record<Caller, number>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The objects a row acts on: the fixture's, or a fresh set for an allowed write. */
interface Target {
  projectId: string;
  taskId: string;
  escalationId: string;
  holiday: string;
  incidentId: string;
}

interface Fixture extends Target {
  dinsosTaskId: string;
  dinsosEscalationId: string;
  /** The project the fixture incident's tasks belong to. */
  incidentProjectId: string;
  userIds: Record<DemoUser, string>;
  agencyIds: Record<'DINKES' | 'DINSOS' | 'BPBD', string>;
  fresh: Map<string, Target>;
  db: Stack['db'];
}

interface Response {
  status: number;
  body: any;
}

type Check = (res: Response, caller: Caller, f: Fixture) => void | Promise<void>;

/** Where an allowed write acts instead of the fixture. */
type FreshKind =
  'task' | 'submitted' | 'escalated' | 'project' | 'holiday' | 'escalatedThenMoved' | 'incident';

interface Endpoint {
  /** A short, unique name: the key of the fresh objects. */
  id: string;
  method: Method;
  /** The path as shown in test names. */
  label: string;
  path: (t: Target) => string;
  body?: (t: Target, caller: Caller, f: Fixture) => unknown;
  expected: Record<Caller, number>;
  fresh?: FreshKind;
  /**
   * The key of a fresh object several allowed writes share, when none of them changes what the others see
   * (an incident is heavy: a workflow and two tasks per mobilised OPD). Default: one per endpoint and caller.
   */
  freshKey?: (caller: Caller) => string;
  check?: Check;
}

interface Row {
  name: string;
  method: Method;
  path: (t: Target) => string;
  body: ((t: Target, caller: Caller, f: Fixture) => unknown) | undefined;
  caller: Caller | Username;
  status: number;
  /** Any of these statuses passes (the rule is clear, the refusal's code is not). */
  anyOf: number[] | undefined;
  /** The objects the row acts on. */
  target: (f: Fixture) => Target;
  check: Check | undefined;
}

const TAG = randomBytes(4).toString('hex');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** A holiday that exists before the matrix runs (refused writes must leave it alone). */
const FIXTURE_HOLIDAY = '2099-12-29';
/** The date admin's allowed PUT creates and its allowed DELETE removes. */
const FRESH_HOLIDAY = '2099-12-30';
const STUNTING = 'percepatan-penurunan-stunting';
/** Kecamatan Tongas (the fixture incident) and Lumbang (the fresh and the declared ones). */
const TONGAS = '35.13.23';
const LUMBANG = '35.13.24';
/** Who a drought (kekeringan) mobilises, in order: the fresh incidents and the declared ones. */
const DROUGHT_MATRIX = [
  { agencyCode: 'BPBD', clusters: ['KOMANDO', 'PENGUNGSIAN_LOGISTIK'] },
  { agencyCode: 'DINKES', clusters: ['KESEHATAN'] },
  { agencyCode: 'DINSOS', clusters: ['PENGUNGSIAN_LOGISTIK'] },
  { agencyCode: 'DPUPR', clusters: ['SARANA_PRASARANA'] },
  { agencyCode: 'DISKOMINFO', clusters: ['INFORMASI_PUBLIK'] },
  { agencyCode: 'DLH', clusters: ['LINGKUNGAN'] },
  { agencyCode: 'KEC-LUMBANG', clusters: ['KECAMATAN'] },
];
/** Who the fixture drought in Tongas mobilises. */
const FIXTURE_AGENCIES = DROUGHT_MATRIX.map((m) => m.agencyCode.replace('KEC-LUMBANG', 'KEC-TONGAS'));
/** Mobilised only in clusters without sitrep duty (DISKOMINFO, DLH): they acknowledge and owe no sitrep. */
const ACK_ONLY = DROUGHT_MATRIX.filter((m) => !owesSitreps(m.clusters)).map((m) => m.agencyCode);
const droughtIn = (kecamatan: string, description: string) => ({
  type: 'kekeringan',
  severity: 'SEDANG',
  kecamatan: [kecamatan],
  description,
});

const freshTarget = (f: Fixture, key: string): Target => {
  const target = f.fresh.get(key);
  if (!target) throw new Error(`no fresh objects for ${key}`);
  return target;
};

const ids = (items: any[]): string[] => items.map((i: any) => i.id as string);

/**
 * The fresh incident of one steering caller (BPBD or leadership): its status change, mobilisation of
 * DISPENDUKCAPIL, release of DLH and task for DINSOS leave one another's preconditions as they were.
 */
const steeringIncident = (caller: Caller) => `incident:${caller}`;
const REQUESTS_INCIDENT = 'incident:requests';

const ENDPOINTS: Endpoint[] = [
  // --- public -------------------------------------------------------------
  {
    id: 'health',
    method: 'GET',
    label: '/health',
    path: () => '/health',
    expected: statuses({ 200: [...CALLERS] }),
  },
  {
    id: 'docs',
    method: 'GET',
    label: '/docs',
    path: () => '/docs',
    expected: statuses({ 200: [...CALLERS] }),
  },
  {
    id: 'docs.json',
    method: 'GET',
    label: '/docs/json',
    path: () => '/docs/json',
    expected: statuses({ 200: [...CALLERS] }),
  },
  {
    // Public: whatever token comes along, the credentials decide.
    id: 'auth.login',
    method: 'POST',
    label: '/auth/login (staff.dinkes credentials)',
    path: () => '/auth/login',
    body: () => ({ username: 'staff.dinkes', password: process.env.GOTONG_TEST_PASSWORD }),
    expected: statuses({ 200: [...CALLERS] }),
    check: (res) => expect(res.body.user).toMatchObject({ username: 'staff.dinkes', agencyCode: 'DINKES' }),
  },
  // --- any signed-in user -------------------------------------------------
  {
    id: 'auth.me',
    method: 'GET',
    label: '/auth/me',
    path: () => '/auth/me',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
    check: (res, caller) => expect(res.body.username).toBe(caller),
  },
  {
    id: 'agencies',
    method: 'GET',
    label: '/agencies',
    path: () => '/agencies',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
  },
  {
    // Deactivated OPDs are the admin's business; pickers get the active ones.
    id: 'agencies.inactive',
    method: 'GET',
    label: '/agencies?includeInactive=true',
    path: () => '/agencies?includeInactive=true',
    expected: statuses({ 401: ANONYMOUS, 200: ['admin'], 403: othersThan('admin') }),
  },
  {
    // Uncovered OPDs: whoever sees the escalation board (the scope within is test/coverage.e2e.spec.ts's).
    id: 'agencies.coverage',
    method: 'GET',
    label: '/agencies/coverage',
    path: () => '/agencies/coverage',
    expected: statuses({
      401: ANONYMOUS,
      200: [...HEADS, ...LEADERSHIP, 'lead.bappeda', 'admin'],
      403: othersThan(...HEADS, ...LEADERSHIP, 'lead.bappeda', 'admin'),
    }),
  },
  {
    id: 'templates.list',
    method: 'GET',
    label: '/templates',
    path: () => '/templates',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
  },
  {
    id: 'templates.responsibilities',
    method: 'GET',
    label: '/templates/responsibilities',
    path: () => '/templates/responsibilities',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
  },
  {
    id: 'templates.get',
    method: 'GET',
    label: `/templates/${STUNTING}`,
    path: () => `/templates/${STUNTING}`,
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
  },
  {
    id: 'templates.version',
    method: 'GET',
    label: `/templates/${STUNTING}/versions/1`,
    path: () => `/templates/${STUNTING}/versions/1`,
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
  },
  {
    id: 'calendar',
    method: 'GET',
    label: '/calendar',
    path: () => '/calendar',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
  },
  {
    id: 'projects.list',
    method: 'GET',
    label: '/projects?pageSize=100',
    path: () => '/projects?pageSize=100',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
    // The list shows the fixture exactly to those who may read it.
    check: (res, caller, f) => {
      const listed = ids(res.body.items).includes(f.projectId);
      expect(listed).toBe(FIXTURE_READERS.includes(caller));
    },
  },
  {
    id: 'inbox',
    method: 'GET',
    label: '/inbox?pageSize=100',
    path: () => '/inbox?pageSize=100',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
    // Kotak Tugas is the caller's own OPD only, never a participant's or a foreign one.
    check: (res, caller, f) => {
      const items = ids(res.body.items);
      expect(items.includes(f.taskId)).toBe(caller === 'staff.dinkes' || caller === 'kepala.dinkes');
      expect(items.includes(f.dinsosTaskId)).toBe(caller === 'staff.dinsos' || caller === 'kepala.dinsos');
    },
  },
  // --- templates ----------------------------------------------------------
  {
    id: 'templates.create',
    method: 'POST',
    label: '/templates',
    path: () => '/templates',
    body: (_t, caller) => templateDefinition(caller),
    expected: statuses({
      401: ANONYMOUS,
      201: ['lead.bappeda', 'admin'],
      403: othersThan('lead.bappeda', 'admin'),
    }),
    check: (res, caller) => expect(res.body).toMatchObject({ code: templateCode(caller), version: 1 }),
  },
  // --- projects -----------------------------------------------------------
  {
    id: 'projects.create',
    method: 'POST',
    label: '/projects',
    path: () => '/projects',
    body: (_t, caller) => ({
      title: `authz-row ${TAG} ${caller}`,
      agencyCodes: ['BPBD'],
      sla: { amount: 1, unit: 'hours' },
    }),
    expected: statuses({
      401: ANONYMOUS,
      201: ['lead.bappeda', ...LEADERSHIP],
      403: othersThan('lead.bappeda', ...LEADERSHIP),
    }),
  },
  {
    id: 'projects.fromTemplate',
    method: 'POST',
    label: '/projects/from-template',
    path: () => '/projects/from-template',
    body: (_t, caller) => ({
      templateCode: STUNTING,
      title: `authz-row ${TAG} template ${caller}`,
      parameters: { kecamatan: '35.13.07', tahun: '2026' },
    }),
    expected: statuses({
      401: ANONYMOUS,
      201: ['lead.bappeda', ...LEADERSHIP],
      403: othersThan('lead.bappeda', ...LEADERSHIP),
    }),
  },
  {
    id: 'projects.overview',
    method: 'GET',
    label: '/projects/overview',
    path: () => '/projects/overview',
    expected: statuses({
      401: ANONYMOUS,
      200: [...HEADS, ...LEADERSHIP, 'admin'],
      403: othersThan(...HEADS, ...LEADERSHIP, 'admin'),
    }),
  },
  {
    id: 'projects.get',
    method: 'GET',
    label: '/projects/:project',
    path: (t) => `/projects/${t.projectId}`,
    expected: statuses({ 401: ANONYMOUS, 200: FIXTURE_READERS, 403: OUTSIDERS }),
    check: (res, _caller, f) => expect(res.body.id).toBe(f.projectId),
  },
  {
    id: 'projects.audit',
    method: 'GET',
    label: '/projects/:project/audit',
    path: (t) => `/projects/${t.projectId}/audit`,
    expected: statuses({ 401: ANONYMOUS, 200: FIXTURE_READERS, 403: OUTSIDERS }),
  },
  {
    id: 'projects.agencies',
    method: 'POST',
    label: '/projects/:project/agencies',
    path: (t) => `/projects/${t.projectId}/agencies`,
    body: () => ({ agencyCode: 'BPBD', title: 'Dukungan logistik', sla: { amount: 1, unit: 'hours' } }),
    expected: statuses({ 401: ANONYMOUS, 200: ['lead.bappeda'], 403: othersThan('lead.bappeda') }),
    fresh: 'project',
  },
  {
    id: 'projects.cancel',
    method: 'POST',
    label: '/projects/:project/cancel',
    path: (t) => `/projects/${t.projectId}/cancel`,
    body: () => ({ reason: 'Uji otorisasi' }),
    expected: statuses({
      401: ANONYMOUS,
      200: ['lead.bappeda', ...LEADERSHIP],
      403: othersThan('lead.bappeda', ...LEADERSHIP),
    }),
    fresh: 'project',
    check: (res) => expect(res.body.status).toBe('CANCELLED'),
  },
  // --- tasks --------------------------------------------------------------
  {
    id: 'tasks.get',
    method: 'GET',
    label: '/tasks/:dinkesTask',
    path: (t) => `/tasks/${t.taskId}`,
    expected: statuses({ 401: ANONYMOUS, 200: FIXTURE_READERS, 403: OUTSIDERS }),
    check: (res, _caller, f) => expect(res.body).toMatchObject({ id: f.taskId, agency: { code: 'DINKES' } }),
  },
  {
    id: 'tasks.history',
    method: 'GET',
    label: '/tasks/:dinkesTask/history',
    path: (t) => `/tasks/${t.taskId}/history`,
    expected: statuses({ 401: ANONYMOUS, 200: FIXTURE_READERS, 403: OUTSIDERS }),
  },
  {
    id: 'tasks.contributions',
    method: 'GET',
    label: '/tasks/:dinkesTask/contributions',
    path: (t) => `/tasks/${t.taskId}/contributions`,
    // What DINKES submitted: ADMIN reads the task's state, not its content (permissions work.content).
    expected: statuses({
      401: ANONYMOUS,
      200: FIXTURE_READERS.filter((c) => c !== 'admin'),
      403: [...OUTSIDERS, 'admin'],
    }),
  },
  {
    id: 'tasks.claim',
    method: 'POST',
    label: '/tasks/:dinkesTask/claim',
    path: (t) => `/tasks/${t.taskId}/claim`,
    expected: statuses({
      401: ANONYMOUS,
      200: ['staff.dinkes', 'kepala.dinkes'],
      403: othersThan('staff.dinkes', 'kepala.dinkes'),
    }),
    fresh: 'task',
    check: (res, caller, f) =>
      expect(res.body).toMatchObject({ state: 'CLAIMED', assigneeId: f.userIds[caller as DemoUser] }),
  },
  {
    id: 'tasks.contribution',
    method: 'POST',
    label: '/tasks/:dinkesTask/contribution',
    path: (t) => `/tasks/${t.taskId}/contribution`,
    body: (_t, caller) => ({ values: { summary: `laporan dari ${caller}` } }),
    expected: statuses({
      401: ANONYMOUS,
      200: ['staff.dinkes', 'kepala.dinkes'],
      403: othersThan('staff.dinkes', 'kepala.dinkes'),
    }),
    fresh: 'task',
    check: (res) => expect(res.body).toMatchObject({ state: 'SUBMITTED', contributionVersion: 1 }),
  },
  {
    id: 'tasks.review',
    method: 'POST',
    label: '/tasks/:dinkesTask/review',
    path: (t) => `/tasks/${t.taskId}/review`,
    body: () => ({ decision: 'ACCEPT' }),
    expected: statuses({ 401: ANONYMOUS, 200: ['lead.bappeda'], 403: othersThan('lead.bappeda') }),
    fresh: 'submitted',
    check: (res) => expect(res.body).toMatchObject({ state: 'COMPLETED' }),
  },
  {
    id: 'tasks.reassignOpd',
    method: 'POST',
    label: '/tasks/:dinkesTask/reassign {toAgencyCode}',
    path: (t) => `/tasks/${t.taskId}/reassign`,
    body: () => ({ toAgencyCode: 'BPBD', reason: 'Logistik ditangani BPBD' }),
    expected: statuses({ 401: ANONYMOUS, 200: ['lead.bappeda'], 403: othersThan('lead.bappeda') }),
    fresh: 'task',
    check: (res, _caller, f) =>
      expect(res.body).toMatchObject({ state: 'ASSIGNED', agencyId: f.agencyIds.BPBD, reassignmentCount: 1 }),
  },
  {
    id: 'tasks.reassignUser',
    method: 'POST',
    label: '/tasks/:dinkesTask/reassign {toUserId}',
    path: (t) => `/tasks/${t.taskId}/reassign`,
    body: (_t, _caller, f) => ({ toUserId: f.userIds['staff.dinkes'], reason: 'Dikerjakan staf gizi' }),
    expected: statuses({ 401: ANONYMOUS, 200: ['kepala.dinkes'], 403: othersThan('kepala.dinkes') }),
    fresh: 'task',
    check: (res, _caller, f) =>
      expect(res.body).toMatchObject({ agencyId: f.agencyIds.DINKES, assigneeId: f.userIds['staff.dinkes'] }),
  },
  // --- escalations --------------------------------------------------------
  {
    id: 'escalations.board',
    method: 'GET',
    label: '/escalations',
    path: () => '/escalations',
    expected: statuses({
      401: ANONYMOUS,
      200: [...HEADS, 'lead.bappeda', ...LEADERSHIP, 'admin'],
      403: othersThan(...HEADS, 'lead.bappeda', ...LEADERSHIP, 'admin'),
    }),
    // A Kepala OPD sees its own OPD's escalations; the lead those of its projects; leadership all.
    check: (res, caller, f) => {
      const items = ids(res.body.items);
      const seesAll = ['lead.bappeda', 'sekda', 'bupati', 'admin'].includes(caller);
      expect(items.includes(f.escalationId)).toBe(seesAll || caller === 'kepala.dinkes');
      expect(items.includes(f.dinsosEscalationId)).toBe(seesAll || caller === 'kepala.dinsos');
    },
  },
  {
    id: 'escalations.answer',
    method: 'POST',
    label: '/escalations/:dinkesEscalation/answer',
    path: (t) => `/escalations/${t.escalationId}/answer`,
    body: () => ({ instruction: 'Segera kirim data paling lambat Jumat.' }),
    // Separation of duties: never DINKES itself (its Kepala included); the project's lead OPD or leadership.
    expected: statuses({
      401: ANONYMOUS,
      200: ['lead.bappeda', ...LEADERSHIP],
      403: othersThan('lead.bappeda', ...LEADERSHIP),
    }),
    fresh: 'escalated',
    check: (res) => expect(res.body).toMatchObject({ escalationLevel: 1 }),
  },
  {
    id: 'escalations.extend',
    method: 'POST',
    label: '/escalations/:dinkesEscalation/extend',
    path: (t) => `/escalations/${t.escalationId}/extend`,
    // At most the task's SLA again (two seconds).
    body: () => ({ extension: { amount: 2, unit: 'seconds' }, reason: 'Data posyandu menyusul' }),
    expected: statuses({
      401: ANONYMOUS,
      200: ['lead.bappeda', ...LEADERSHIP],
      403: othersThan('lead.bappeda', ...LEADERSHIP),
    }),
    fresh: 'escalated',
    check: (res) => expect(res.body).toMatchObject({ deadlineExtended: true, escalationLevel: 0 }),
  },
  // --- leadership ---------------------------------------------------------
  {
    id: 'scorecards',
    method: 'GET',
    label: '/scorecards',
    path: () => '/scorecards',
    expected: statuses({
      401: ANONYMOUS,
      200: [...HEADS, ...LEADERSHIP, 'admin'],
      403: othersThan(...HEADS, ...LEADERSHIP, 'admin'),
    }),
    // A Kepala OPD's scorecard is its own OPD's only.
    check: (res, caller) => {
      const codes = res.body.opd.map((o: any) => o.agencyCode);
      if (HEADS.includes(caller)) expect(codes).toEqual([caller.split('.')[1]!.toUpperCase()]);
      else expect(codes).toEqual(expect.arrayContaining(['DINKES', 'DINSOS', 'DPUPR']));
    },
  },
  // --- calendar (ADMIN) ---------------------------------------------------
  {
    id: 'calendar.put',
    method: 'PUT',
    label: '/calendar/holidays/:date',
    path: (t) => `/calendar/holidays/${t.holiday}`,
    body: () => ({ name: 'Libur uji otorisasi', kind: 'CUTI_BERSAMA' }),
    expected: statuses({ 401: ANONYMOUS, 200: ['admin'], 403: othersThan('admin') }),
    fresh: 'holiday',
    check: (res) => expect(res.body).toMatchObject({ date: FRESH_HOLIDAY, kind: 'CUTI_BERSAMA' }),
  },
  {
    id: 'calendar.delete',
    method: 'DELETE',
    label: '/calendar/holidays/:date',
    path: (t) => `/calendar/holidays/${t.holiday}`,
    expected: statuses({ 401: ANONYMOUS, 204: ['admin'], 403: othersThan('admin') }),
    fresh: 'holiday',
  },
  // --- incidents (emergencies) ---------------------------------------------
  {
    id: 'incidents.list',
    method: 'GET',
    label: '/incidents?pageSize=100',
    path: () => '/incidents?pageSize=100',
    expected: statuses({ 401: ANONYMOUS, 200: SIGNED_IN }),
    // The list shows the fixture incident exactly to those who may read it.
    check: (res, caller, f) => {
      const listed = ids(res.body.items).includes(f.incidentId);
      expect(listed).toBe(INCIDENT_READERS.includes(caller));
    },
  },
  {
    id: 'incidents.get',
    method: 'GET',
    label: '/incidents/:incident',
    path: (t) => `/incidents/${t.incidentId}`,
    expected: statuses({ 401: ANONYMOUS, 200: INCIDENT_READERS, 403: ['lead.bappeda'] }),
    check: (res, _caller, f) => {
      expect(res.body).toMatchObject({ id: f.incidentId, status: 'TANGGAP_DARURAT' });
      expect(res.body.agencies.map((a: any) => a.code).sort()).toEqual([...FIXTURE_AGENCIES].sort());
    },
  },
  {
    id: 'incidents.sitreps',
    method: 'GET',
    label: '/incidents/:incident/sitreps',
    path: (t) => `/incidents/${t.incidentId}/sitreps`,
    expected: statuses({ 401: ANONYMOUS, 200: INCIDENT_READERS, 403: ['lead.bappeda'] }),
    check: (res) =>
      expect(res.body).toMatchObject({
        sitreps: [],
        rollUp: { desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] },
      }),
  },
  {
    id: 'incidents.status',
    method: 'POST',
    label: '/incidents/:incident/status',
    path: (t) => `/incidents/${t.incidentId}/status`,
    body: () => ({ status: 'TRANSISI_DARURAT', reason: 'Uji otorisasi' }),
    expected: statuses({ 401: ANONYMOUS, 200: STEERS, 403: othersThan(...STEERS) }),
    fresh: 'incident',
    freshKey: steeringIncident,
    check: (res) => expect(res.body).toMatchObject({ status: 'TRANSISI_DARURAT' }),
  },
  {
    id: 'incidents.agencies',
    method: 'POST',
    label: '/incidents/:incident/agencies',
    path: (t) => `/incidents/${t.incidentId}/agencies`,
    body: () => ({ agencyCode: 'DISPENDUKCAPIL', clusters: ['PENGUNGSIAN_LOGISTIK'] }),
    expected: statuses({ 401: ANONYMOUS, 200: STEERS, 403: othersThan(...STEERS) }),
    fresh: 'incident',
    freshKey: steeringIncident,
    check: (res) =>
      expect(res.body.agencies.find((a: any) => a.agencyCode === 'DISPENDUKCAPIL')).toMatchObject({
        clusters: ['PENGUNGSIAN_LOGISTIK'],
        released: false,
      }),
  },
  {
    id: 'incidents.release',
    method: 'POST',
    label: '/incidents/:incident/agencies/DLH/release',
    path: (t) => `/incidents/${t.incidentId}/agencies/DLH/release`,
    body: () => ({ reason: 'Tidak ada dampak lingkungan' }),
    expected: statuses({ 401: ANONYMOUS, 200: STEERS, 403: othersThan(...STEERS) }),
    fresh: 'incident',
    freshKey: steeringIncident,
    check: (res) =>
      expect(res.body.agencies.find((a: any) => a.agencyCode === 'DLH')).toMatchObject({ released: true }),
  },
  {
    id: 'incidents.tasks',
    method: 'POST',
    label: '/incidents/:incident/tasks',
    path: (t) => `/incidents/${t.incidentId}/tasks`,
    body: () => ({ agencyCode: 'DINSOS', title: 'Distribusi air bersih', sla: { amount: 2, unit: 'hours' } }),
    expected: statuses({ 401: ANONYMOUS, 200: STEERS, 403: othersThan(...STEERS) }),
    fresh: 'incident',
    freshKey: steeringIncident,
    // That the tasks reach DINSOS's inbox is checked after the allowed writes.
  },
  {
    id: 'incidents.requests',
    method: 'POST',
    label: '/incidents/:incident/requests',
    path: (t) => `/incidents/${t.incidentId}/requests`,
    body: (_t, caller) => ({
      toAgencyCode: opdOf(caller) === 'DINSOS' ? 'DPUPR' : 'DINSOS',
      item: 'tandon air',
      quantity: 4,
      unit: 'unit',
    }),
    expected: statuses({ 401: ANONYMOUS, 201: REQUESTERS, 403: othersThan(...REQUESTERS) }),
    fresh: 'incident',
    // Each request is a request of its own: the requesting OPDs share one incident.
    freshKey: () => REQUESTS_INCIDENT,
    // That each request comes from the caller's own OPD is checked after the allowed writes.
    check: (res) =>
      expect(res.body).toEqual({ id: expect.any(String), status: 'REQUESTED', warnings: expect.any(Array) }),
  },
  // --- data satu pintu (WALIDATA) ------------------------------------------
  {
    id: 'data.incidents.held',
    method: 'GET',
    label: '/data/incidents/held',
    path: () => '/data/incidents/held',
    expected: statuses({ 401: ANONYMOUS, 200: ['walidata'], 403: othersThan('walidata') }),
    check: (res) => expect(Array.isArray(res.body)).toBe(true),
  },
  {
    // Creates an incident of its own; the fixture is not involved. Last: its OPDs mobilise while the rows after run.
    id: 'incidents.declare',
    method: 'POST',
    label: '/incidents',
    path: () => '/incidents',
    body: (_t, caller) => droughtIn(LUMBANG, `authz ${TAG} declare ${caller}`),
    expected: statuses({ 401: ANONYMOUS, 201: STEERS, 403: othersThan(...STEERS) }),
    check: async (res, caller, f) => {
      expect(res.body).toMatchObject({ status: 'TANGGAP_DARURAT', mobilised: DROUGHT_MATRIX });
      // Wait for the projection, so that no later row sees it appear.
      const incident = await eventually(() =>
        f.db.incident
          .findUnique({ where: { id: res.body.id }, select: { description: true } })
          .then((i) => i ?? undefined),
      );
      expect(incident.description).toBe(`authz ${TAG} declare ${caller}`);
    },
  },
];

function templateCode(caller: Caller): string {
  return `authz-${TAG}-${caller.replace('.', '-')}`;
}

function templateDefinition(caller: Caller) {
  return {
    code: templateCode(caller),
    name: `Uji otorisasi ${caller}`,
    description: 'Satu langkah untuk uji hak akses.',
    category: 'PROGRAM',
    parameters: [],
    steps: [
      {
        key: 'laporan',
        title: 'Laporan',
        instructions: 'Kirim laporan.',
        owner: { agency: 'DINKES' },
        form: { fields: [{ key: 'ringkasan', label: 'Ringkasan', type: 'longtext', required: true }] },
        sla: { amount: 3, unit: 'workingDays' },
        dependsOn: [],
      },
    ],
  };
}

const isWrite = (method: Method) => method !== 'GET';
const isSuccess = (status: number) => status >= 200 && status < 300;
const freshLabel = (label: string) =>
  label
    .replace(':dinkesTask', ':freshTask')
    .replace(':dinkesEscalation', ':freshEscalation')
    .replace(':project', ':freshProject')
    .replace(':incident', ':freshIncident')
    .replace(':date', FRESH_HOLIDAY);
const fixtureLabel = (label: string) => label.replace(':date', FIXTURE_HOLIDAY);
const freshKey = (endpoint: Endpoint, caller: Caller) =>
  endpoint.freshKey?.(caller) ?? `${endpoint.id}:${caller}`;

/** Every (endpoint, caller) pair: on the fixture, unless it is an allowed write. */
const MATRIX = ENDPOINTS.flatMap((endpoint) =>
  CALLERS.map((caller) => {
    const status = endpoint.expected[caller];
    const allowedWrite = isWrite(endpoint.method) && isSuccess(status);
    const key = freshKey(endpoint, caller);
    const row: Row = {
      name: `${endpoint.method} ${allowedWrite ? freshLabel(endpoint.label) : fixtureLabel(endpoint.label)} as ${caller} → ${status}`,
      method: endpoint.method,
      path: endpoint.path,
      body: endpoint.body,
      caller,
      status,
      anyOf: undefined,
      target: allowedWrite && endpoint.fresh ? (f) => freshTarget(f, key) : (f) => f,
      check: isSuccess(status) ? endpoint.check : undefined,
    };
    return {
      row,
      allowedWrite,
      fresh: allowedWrite && endpoint.fresh ? { key, kind: endpoint.fresh } : null,
    };
  }),
);
const FIXTURE_ROWS = MATRIX.filter((m) => !m.allowedWrite).map((m) => m.row);
const ALLOWED_WRITES = MATRIX.filter((m) => m.allowedWrite).map((m) => m.row);
/** An escalated DINKES task the lead then moved to BPBD, where it escalated again. */
const MOVED = 'escalated-then-moved';
const FRESH = [
  ...new Map(MATRIX.flatMap((m) => (m.fresh ? [[m.fresh.key, m.fresh] as const] : []))).values(),
  { key: MOVED, kind: 'escalatedThenMoved' as const },
];

/** A row outside the matrix: one endpoint, one caller, on the fixture or on a named fresh object. */
function single(
  method: Method,
  label: string,
  caller: Caller | Username,
  status: number,
  path: (t: Target) => string,
  options: {
    body?: (t: Target, caller: Caller, f: Fixture) => unknown;
    on?: string;
    check?: Check;
    anyOf?: number[];
  } = {},
): Row {
  const on = options.on;
  return {
    name: `${method} ${label} as ${caller} → ${options.anyOf?.join(' or ') ?? status}`,
    method,
    path,
    body: options.body,
    caller,
    status,
    anyOf: options.anyOf,
    target: on ? (f) => freshTarget(f, on) : (f) => f,
    check: options.check,
  };
}

const byId = (id: string) => ENDPOINTS.find((e) => e.id === id)!;
const bodyOf = (id: string) => byId(id).body;

/** Ids that name nothing (404) or are not ids at all (400); the id is checked before the caller's rights. */
const ID_ROWS: Row[] = [
  ...(
    [
      ['GET', '/projects/:id', 'projects.get', 'lead.bappeda'],
      ['GET', '/projects/:id/audit', 'projects.audit', 'lead.bappeda'],
      ['POST', '/projects/:id/agencies', 'projects.agencies', 'lead.bappeda'],
      ['POST', '/projects/:id/cancel', 'projects.cancel', 'sekda'],
      ['GET', '/tasks/:id', 'tasks.get', 'staff.dinkes'],
      ['GET', '/tasks/:id/history', 'tasks.history', 'staff.dinkes'],
      ['GET', '/tasks/:id/contributions', 'tasks.contributions', 'staff.dinkes'],
      ['POST', '/tasks/:id/claim', 'tasks.claim', 'staff.dinkes'],
      ['POST', '/tasks/:id/contribution', 'tasks.contribution', 'staff.dinkes'],
      ['POST', '/tasks/:id/review', 'tasks.review', 'lead.bappeda'],
      ['POST', '/tasks/:id/reassign {toAgencyCode}', 'tasks.reassignOpd', 'lead.bappeda'],
      ['POST', '/tasks/:id/reassign {toUserId}', 'tasks.reassignUser', 'kepala.dinkes'],
      ['POST', '/escalations/:id/answer', 'escalations.answer', 'sekda'],
      ['POST', '/escalations/:id/extend', 'escalations.extend', 'sekda'],
      ['GET', '/incidents/:id', 'incidents.get', 'staff.dinkes'],
      ['GET', '/incidents/:id/sitreps', 'incidents.sitreps', 'staff.dinkes'],
      ['POST', '/incidents/:id/status', 'incidents.status', 'sekda'],
      ['POST', '/incidents/:id/agencies', 'incidents.agencies', 'staff.bpbd'],
      ['POST', '/incidents/:id/agencies/DLH/release', 'incidents.release', 'staff.bpbd'],
      ['POST', '/incidents/:id/tasks', 'incidents.tasks', 'staff.bpbd'],
      ['POST', '/incidents/:id/requests', 'incidents.requests', 'staff.dinsos'],
    ] as const
  ).flatMap(([method, label, endpointId, entitled]) => {
    const endpoint = byId(endpointId);
    const withId = (id: string) => (t: Target) =>
      endpoint.path({ projectId: id, taskId: id, escalationId: id, holiday: t.holiday, incidentId: id });
    const body = { body: endpoint.body };
    return [
      single(method, label.replace(':id', ':unknown'), entitled, 404, withId(UNKNOWN), body),
      // A foreign OPD learns nothing more about an unknown id than an entitled caller does.
      single(method, label.replace(':id', ':unknown'), 'staff.dpupr', 404, withId(UNKNOWN), body),
      single(method, label.replace(':id', ':malformed'), entitled, 400, withId('not-a-uuid'), body),
      // The token is checked before the id.
      single(method, label.replace(':id', ':malformed'), 'anonymous', 401, withId('not-a-uuid'), body),
    ];
  }),
  single('GET', '/templates/no-such-template', 'staff.dinkes', 404, () => '/templates/no-such-template'),
  single(
    'GET',
    `/templates/${STUNTING}/versions/999`,
    'staff.dinkes',
    404,
    () => `/templates/${STUNTING}/versions/999`,
  ),
  single(
    'GET',
    `/templates/${STUNTING}/versions/abc`,
    'staff.dinkes',
    400,
    () => `/templates/${STUNTING}/versions/abc`,
  ),
  single(
    'GET',
    `/templates/${STUNTING}/versions/abc`,
    'anonymous',
    401,
    () => `/templates/${STUNTING}/versions/abc`,
  ),
  single(
    'DELETE',
    '/calendar/holidays/2099-01-02 (no holiday)',
    'admin',
    404,
    () => '/calendar/holidays/2099-01-02',
  ),
  single('PUT', '/calendar/holidays/not-a-date', 'admin', 400, () => '/calendar/holidays/not-a-date', {
    body: bodyOf('calendar.put'),
  }),
  single('DELETE', '/calendar/holidays/not-a-date', 'admin', 400, () => '/calendar/holidays/not-a-date'),
  single('PUT', '/calendar/holidays/not-a-date', 'staff.dinkes', 403, () => '/calendar/holidays/not-a-date', {
    body: bodyOf('calendar.put'),
  }),
  single('GET', '/no-such-route', 'anonymous', 404, () => '/no-such-route'),
  single('POST', '/auth/login (wrong password)', 'anonymous', 401, () => '/auth/login', {
    body: () => ({ username: 'staff.dinkes', password: 'salah' }),
  }),
];

/** More refusals on the fixture that the matrix does not spell out. */
const FIXTURE_EXTRA_ROWS: Row[] = [
  // The lead may review, but nothing is submitted.
  single('POST', '/tasks/:dinkesTask/review', 'lead.bappeda', 409, (t) => `/tasks/${t.taskId}/review`, {
    body: bodyOf('tasks.review'),
  }),
  // A Kepala OPD hands work only to staff of the task's own OPD.
  single(
    'POST',
    '/tasks/:dinkesTask/reassign {toUserId: staff.dpupr}',
    'kepala.dinkes',
    400,
    (t) => `/tasks/${t.taskId}/reassign`,
    { body: (_t, _c, f) => ({ toUserId: f.userIds['staff.dpupr'], reason: 'x' }) },
  ),
  // Nor does a Kepala OPD answer another OPD's escalation in the same project (only the lead OPD and leadership).
  single(
    'POST',
    '/escalations/:dinsosEscalation/answer',
    'kepala.dinkes',
    403,
    (t) => `/escalations/${t.escalationId}/answer`,
    {
      body: bodyOf('escalations.answer'),
      on: 'fixture:dinsos',
    },
  ),
  // --- the fixture incident ---
  // An OPD that is not mobilised (DPMD staff) neither reads nor writes it.
  single('GET', '/incidents?pageSize=100', 'staff.dpmd', 200, () => '/incidents?pageSize=100', {
    check: (res, _caller, f) => expect(ids(res.body.items)).not.toContain(f.incidentId),
  }),
  single('GET', '/incidents/:incident', 'staff.dpmd', 403, (t) => `/incidents/${t.incidentId}`),
  single(
    'GET',
    '/incidents/:incident/sitreps',
    'staff.dpmd',
    403,
    (t) => `/incidents/${t.incidentId}/sitreps`,
  ),
  single(
    'POST',
    '/incidents/:incident/requests',
    'staff.dpmd',
    403,
    (t) => `/incidents/${t.incidentId}/requests`,
    {
      body: bodyOf('incidents.requests'),
    },
  ),
  single(
    'POST',
    '/incidents/:incident/status',
    'staff.dpmd',
    403,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      body: bodyOf('incidents.status'),
    },
  ),
  // Its tasks are agency tasks: the owner works them, other mobilised OPDs only read them.
  single('GET', '/tasks/:dinkesAck', 'staff.dinsos', 200, (t) => `/tasks/${t.taskId}`, {
    on: 'fixture:dinkesAck',
    check: (res) => expect(res.body).toMatchObject({ stepKey: 'ack-dinkes', agency: { code: 'DINKES' } }),
  }),
  single('GET', '/tasks/:dinkesAck', 'lead.bappeda', 403, (t) => `/tasks/${t.taskId}`, {
    on: 'fixture:dinkesAck',
  }),
  single('GET', '/tasks/:dinkesAck', 'staff.dpmd', 403, (t) => `/tasks/${t.taskId}`, {
    on: 'fixture:dinkesAck',
  }),
  ...(['staff.dinsos', 'staff.bpbd', 'sekda', 'walidata'] as const).map((caller) =>
    single('POST', '/tasks/:dinkesAck/contribution', caller, 403, (t) => `/tasks/${t.taskId}/contribution`, {
      on: 'fixture:dinkesAck',
      body: () => ({ values: { siap: true } }),
    }),
  ),
  // Refusals from the workflow's own state: nothing changes either.
  single(
    'POST',
    '/incidents/:incident/status {TANGGAP_DARURAT}',
    'staff.bpbd',
    409,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      body: () => ({ status: 'TANGGAP_DARURAT' }),
    },
  ),
  single(
    'POST',
    '/incidents/:incident/agencies {DINKES}',
    'staff.bpbd',
    400,
    (t) => `/incidents/${t.incidentId}/agencies`,
    {
      body: () => ({ agencyCode: 'DINKES' }),
    },
  ),
  single(
    'POST',
    '/incidents/:incident/agencies/BPBD/release',
    'kepala.bpbd',
    400,
    (t) => `/incidents/${t.incidentId}/agencies/BPBD/release`,
    { body: () => ({ reason: 'Komando tidak dilepas' }) },
  ),
  single(
    'POST',
    '/incidents/:incident/tasks {BAPPEDA}',
    'sekda',
    400,
    (t) => `/incidents/${t.incidentId}/tasks`,
    {
      body: () => ({ agencyCode: 'BAPPEDA', title: 'Peta genangan', sla: { amount: 1, unit: 'hours' } }),
    },
  ),
  single(
    'POST',
    '/incidents/:incident/requests {to BAPPEDA}',
    'staff.dinsos',
    400,
    (t) => `/incidents/${t.incidentId}/requests`,
    {
      body: () => ({ toAgencyCode: 'BAPPEDA', item: 'peta genangan', quantity: 1, unit: 'lembar' }),
    },
  ),
  single(
    'POST',
    '/incidents/:incident/requests {to itself}',
    'staff.dinsos',
    400,
    (t) => `/incidents/${t.incidentId}/requests`,
    {
      body: () => ({ toAgencyCode: 'DINSOS', item: 'tenda', quantity: 1, unit: 'unit' }),
    },
  ),
  single('POST', '/incidents {unknown kecamatan}', 'staff.bpbd', 400, () => '/incidents', {
    body: () => droughtIn('35.13.99', `authz ${TAG} declare unknown kecamatan`),
  }),
];

/** After the allowed writes: the same objects refuse what their new state no longer allows. */
const AFTER_ROWS: Row[] = [
  single('POST', '/tasks/:claimed/claim', 'staff.dinkes', 409, (t) => `/tasks/${t.taskId}/claim`, {
    on: 'tasks.claim:staff.dinkes',
  }),
  single(
    'POST',
    '/tasks/:submitted/contribution',
    'staff.dinkes',
    409,
    (t) => `/tasks/${t.taskId}/contribution`,
    {
      on: 'tasks.contribution:staff.dinkes',
      body: bodyOf('tasks.contribution'),
    },
  ),
  single('POST', '/tasks/:accepted/review', 'lead.bappeda', 409, (t) => `/tasks/${t.taskId}/review`, {
    on: 'tasks.review:lead.bappeda',
    body: bodyOf('tasks.review'),
  }),
  // DINKES handed the task to BPBD: it still takes part (reads), but no longer works it.
  single('GET', '/tasks/:movedToBpbd', 'staff.dinkes', 200, (t) => `/tasks/${t.taskId}`, {
    on: 'tasks.reassignOpd:lead.bappeda',
    check: (res) => expect(res.body.agency.code).toBe('BPBD'),
  }),
  single(
    'POST',
    '/tasks/:movedToBpbd/contribution',
    'staff.dinkes',
    403,
    (t) => `/tasks/${t.taskId}/contribution`,
    {
      on: 'tasks.reassignOpd:lead.bappeda',
      body: bodyOf('tasks.contribution'),
    },
  ),
  single(
    'POST',
    '/tasks/:movedToBpbd/reassign {toUserId}',
    'kepala.dinkes',
    403,
    (t) => `/tasks/${t.taskId}/reassign`,
    {
      on: 'tasks.reassignOpd:lead.bappeda',
      body: bodyOf('tasks.reassignUser'),
    },
  ),
  single(
    'POST',
    '/tasks/:movedToBpbd/contribution',
    'staff.bpbd',
    200,
    (t) => `/tasks/${t.taskId}/contribution`,
    {
      on: 'tasks.reassignOpd:lead.bappeda',
      body: bodyOf('tasks.contribution'),
    },
  ),
  // An extension is granted once per task (and the task is no longer escalated).
  single(
    'POST',
    '/escalations/:extended/extend',
    'kepala.dinkes',
    409,
    (t) => `/escalations/${t.escalationId}/extend`,
    {
      on: 'escalations.extend:lead.bappeda',
      body: bodyOf('escalations.extend'),
    },
  ),
  single(
    'POST',
    '/escalations/:extended/extend',
    'sekda',
    409,
    (t) => `/escalations/${t.escalationId}/extend`,
    {
      on: 'escalations.extend:lead.bappeda',
      body: bodyOf('escalations.extend'),
    },
  ),
  // A cancelled project takes no more changes, but its OPDs still read it.
  single(
    'POST',
    '/projects/:cancelled/cancel',
    'lead.bappeda',
    409,
    (t) => `/projects/${t.projectId}/cancel`,
    {
      on: 'projects.cancel:lead.bappeda',
      body: bodyOf('projects.cancel'),
    },
  ),
  single(
    'POST',
    '/projects/:cancelled/agencies',
    'lead.bappeda',
    409,
    (t) => `/projects/${t.projectId}/agencies`,
    {
      on: 'projects.cancel:lead.bappeda',
      body: bodyOf('projects.agencies'),
    },
  ),
  single('GET', '/projects/:cancelled', 'staff.dinkes', 200, (t) => `/projects/${t.projectId}`, {
    on: 'projects.cancel:lead.bappeda',
  }),
  // An OPD added to a running project reads it from then on; a foreign one still does not.
  single('GET', '/projects/:withBpbd', 'staff.bpbd', 200, (t) => `/projects/${t.projectId}`, {
    on: 'projects.agencies:lead.bappeda',
  }),
  single('GET', '/projects/:withBpbd', 'staff.dpupr', 403, (t) => `/projects/${t.projectId}`, {
    on: 'projects.agencies:lead.bappeda',
  }),
  // An incident in transition: not the same status again, never back to siaga; back to tanggap (a new wave) is allowed.
  single(
    'POST',
    '/incidents/:transisi/status {TRANSISI_DARURAT}',
    'sekda',
    409,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      on: steeringIncident('sekda'),
      body: bodyOf('incidents.status'),
    },
  ),
  single(
    'POST',
    '/incidents/:transisi/status {SIAGA_DARURAT}',
    'staff.bpbd',
    409,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      on: steeringIncident('staff.bpbd'),
      body: () => ({ status: 'SIAGA_DARURAT' }),
    },
  ),
  single(
    'POST',
    '/incidents/:transisi/status {TANGGAP_DARURAT}',
    'kepala.bpbd',
    200,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      on: steeringIncident('kepala.bpbd'),
      body: () => ({ status: 'TANGGAP_DARURAT', reason: 'Banjir susulan' }),
      check: (res) => expect(res.body.status).toBe('TANGGAP_DARURAT'),
    },
  ),
  // A mobilised OPD is not mobilised twice; a released one is neither released again nor given tasks.
  single(
    'POST',
    '/incidents/:withDukcapil/agencies',
    'kepala.bpbd',
    400,
    (t) => `/incidents/${t.incidentId}/agencies`,
    {
      on: steeringIncident('staff.bpbd'),
      body: bodyOf('incidents.agencies'),
    },
  ),
  single(
    'POST',
    '/incidents/:dlhReleased/agencies/DLH/release',
    'sekda',
    400,
    (t) => `/incidents/${t.incidentId}/agencies/DLH/release`,
    {
      on: steeringIncident('staff.bpbd'),
      body: bodyOf('incidents.release'),
    },
  ),
  single(
    'POST',
    '/incidents/:dlhReleased/tasks {DLH}',
    'staff.bpbd',
    400,
    (t) => `/incidents/${t.incidentId}/tasks`,
    {
      on: steeringIncident('staff.bpbd'),
      body: () => ({ agencyCode: 'DLH', title: 'Uji kualitas air', sla: { amount: 1, unit: 'hours' } }),
    },
  ),
  // Leadership closes an incident: it takes no more changes, but its OPDs still read it.
  single(
    'POST',
    '/incidents/:transisi/status {CLOSED}',
    'bupati',
    200,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      on: steeringIncident('bupati'),
      body: () => ({ status: 'CLOSED', reason: 'Uji otorisasi' }),
      check: (res) => expect(res.body.status).toBe('CLOSED'),
    },
  ),
  single(
    'POST',
    '/incidents/:closed/status {TANGGAP_DARURAT}',
    'bupati',
    409,
    (t) => `/incidents/${t.incidentId}/status`,
    {
      on: steeringIncident('bupati'),
      body: () => ({ status: 'TANGGAP_DARURAT' }),
    },
  ),
  single(
    'POST',
    '/incidents/:closed/requests',
    'staff.dinsos',
    409,
    (t) => `/incidents/${t.incidentId}/requests`,
    {
      on: steeringIncident('bupati'),
      body: bodyOf('incidents.requests'),
    },
  ),
  // The allowed requests came from the callers' own OPDs; the tasks the command assigned reached DINSOS.
  single('GET', '/incidents/:withRequests', 'kepala.dinsos', 200, (t) => `/incidents/${t.incidentId}`, {
    on: REQUESTS_INCIDENT,
    check: async (_res, _caller, f) => {
      const { incidentId } = freshTarget(f, REQUESTS_INCIDENT);
      const requests = await eventually(async () => {
        const rows = await f.db.resourceRequest.findMany({
          where: { incidentId },
          select: {
            requestedById: true,
            fromAgency: { select: { code: true } },
            toAgency: { select: { code: true } },
          },
        });
        return rows.length === REQUESTERS.length ? rows : undefined;
      });
      expect(requests.map((r) => [r.requestedById, r.fromAgency.code, r.toAgency.code]).sort()).toEqual(
        REQUESTERS.map((c) => [
          f.userIds[c as DemoUser],
          opdOf(c),
          opdOf(c) === 'DINSOS' ? 'DPUPR' : 'DINSOS',
        ]).sort(),
      );
    },
  }),
  single(
    'GET',
    '/inbox?pageSize=100 (the tasks the command assigned)',
    'staff.dinsos',
    200,
    () => '/inbox?pageSize=100',
    {
      // Assigned before the requests were made, so long since in the inbox.
      check: async (res, _caller, f) => {
        const projectIds = STEERS.map((c) => freshTarget(f, steeringIncident(c)).projectId);
        const tasks = await f.db.task.findMany({
          where: { projectId: { in: projectIds }, stepKey: 'tugas-1' },
          select: { id: true, title: true, agency: { select: { code: true } } },
        });
        expect(tasks.map((t) => [t.agency.code, t.title])).toEqual(
          STEERS.map(() => ['DINSOS', 'Distribusi air bersih']),
        );
        expect(ids(res.body.items)).toEqual(expect.arrayContaining(tasks.map((t) => t.id)));
      },
    },
  ),
  single('GET', '/incidents/:closed', 'staff.dinkes', 200, (t) => `/incidents/${t.incidentId}`, {
    on: steeringIncident('bupati'),
    check: (res) => expect(res.body.status).toBe('CLOSED'),
  }),
];

/**
 * An escalation id names one escalation of one OPD. Once the lead moved the
 * task from DINKES to BPBD, the DINKES escalation is superseded: nobody may
 * answer or extend through it any more: it is closed (409), whoever asks,
 * the BPBD head included, whose OPD never owned it. BPBD's current
 * escalation is answered through its own id (by the lead: never by BPBD itself).
 */
const instructionVia = (which: string) => () => ({ instruction: `Instruksi lewat eskalasi ${which}` });
const SUPERSEDED_ROWS: Row[] = [
  single(
    'POST',
    '/escalations/:currentBpbdEscalation/answer',
    'lead.bappeda',
    200,
    (t) => `/escalations/${t.escalationId}/answer`,
    {
      on: `${MOVED}:current`,
      body: instructionVia('BPBD'),
    },
  ),
  single(
    'POST',
    '/escalations/:supersededDinkesEscalation/answer',
    'kepala.bpbd',
    409,
    (t) => `/escalations/${t.escalationId}/answer`,
    {
      on: MOVED,
      body: instructionVia('DINKES yang sudah diganti'),
      check: async (_res, _caller, f) => {
        const rows = await f.db.escalation.findMany({
          where: { taskId: freshTarget(f, MOVED).taskId },
          select: { instruction: true },
        });
        expect(rows.map((r) => r.instruction)).not.toContain(
          'Instruksi lewat eskalasi DINKES yang sudah diganti',
        );
      },
    },
  ),
  single(
    'POST',
    '/escalations/:supersededDinkesEscalation/extend',
    'kepala.bpbd',
    409,
    (t) => `/escalations/${t.escalationId}/extend`,
    {
      on: MOVED,
      body: bodyOf('escalations.extend'),
      check: async (_res, _caller, f) => {
        const task = await f.db.task.findUniqueOrThrow({
          where: { id: freshTarget(f, MOVED).taskId },
          select: { deadlineExtended: true },
        });
        expect(task.deadlineExtended).toBe(false);
      },
    },
  ),
  single(
    'POST',
    '/escalations/:supersededDinkesEscalation/answer',
    'kepala.dinkes',
    409,
    (t) => `/escalations/${t.escalationId}/answer`,
    {
      on: MOVED,
      body: instructionVia('DINKES oleh Kepala Dinkes'),
    },
  ),
];

describe('authorisation of every endpoint by role and OPD (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  const tokens = new Map<Username, string>();
  let fixture: Fixture;
  let baseline: Awaited<ReturnType<typeof fixtureState>>;

  async function request(method: Method, path: string, caller: Caller | Username, body?: unknown) {
    const token = caller === 'anonymous' ? undefined : tokens.get(caller);
    if (caller !== 'anonymous' && !token) throw new Error(`no token for ${caller}`);
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json } satisfies Response;
  }

  async function startProject(title: string, agencyCodes: string[], sla: { amount: number; unit: string }) {
    const res = await request('POST', '/projects', 'lead.bappeda', { title, agencyCodes, sla });
    if (res.status !== 201) throw new Error(`start ${title}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  const taskOf = (projectId: string, code: string) =>
    eventually(async () => {
      const task = await stack.db.task.findFirst({
        where: { projectId, agency: { code } },
        select: { id: true },
      });
      return task?.id;
    });

  const openEscalationOf = (taskId: string) =>
    eventually(async () => {
      const [escalation, task] = await Promise.all([
        stack.db.escalation.findFirst({ where: { taskId, status: 'OPEN', level: 1 }, select: { id: true } }),
        stack.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { escalationLevel: true } }),
      ]);
      return escalation && task.escalationLevel === 1 ? escalation.id : undefined;
    });

  /** Fresh objects that are not the result of one matrix row (the moved task's current escalation). */
  const extraFresh = new Map<string, Target>();

  /** A fresh DINKES task (and its project) in the state an allowed write needs. */
  async function freshObjects(key: string, kind: FreshKind): Promise<Target> {
    if (kind === 'holiday')
      return {
        projectId: UNKNOWN,
        taskId: UNKNOWN,
        escalationId: UNKNOWN,
        holiday: FRESH_HOLIDAY,
        incidentId: UNKNOWN,
      };
    if (kind === 'incident') {
      // Not waited for here: the allowed writes' beforeAll waits until its OPDs are mobilised.
      const incident = await declareIncident(droughtIn(LUMBANG, `authz ${TAG} ${key}`), null);
      return { ...incident, taskId: UNKNOWN, escalationId: UNKNOWN, holiday: FRESH_HOLIDAY };
    }
    const escalated = kind === 'escalated' || kind === 'escalatedThenMoved';
    const projectId = await startProject(`authz ${TAG} ${key}`, ['DINKES'], {
      amount: escalated ? 2 : 1,
      unit: escalated ? 'seconds' : 'hours',
    });
    const taskId = await taskOf(projectId, 'DINKES');
    let escalationId = UNKNOWN;
    if (escalated) escalationId = await openEscalationOf(taskId);
    if (kind === 'submitted') {
      const res = await request('POST', `/tasks/${taskId}/contribution`, 'staff.dinkes', {
        values: { summary: 'untuk ditinjau' },
      });
      if (res.status !== 200) throw new Error(`submit for ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    if (kind === 'escalatedThenMoved') {
      const res = await request('POST', `/tasks/${taskId}/reassign`, 'lead.bappeda', {
        toAgencyCode: 'BPBD',
        reason: 'Ditangani BPBD',
      });
      if (res.status !== 200) throw new Error(`move ${key}: ${res.status} ${JSON.stringify(res.body)}`);
      // At BPBD the task gets the step's two-second SLA again and escalates under a new escalation.
      const current = await eventually(async () => {
        const [open, task] = await Promise.all([
          stack.db.escalation.findFirst({
            where: { taskId, status: 'OPEN', level: 1, agency: { code: 'BPBD' } },
            select: { id: true },
          }),
          stack.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { escalationLevel: true } }),
        ]);
        return open && task.escalationLevel === 1 ? open.id : undefined;
      });
      extraFresh.set(`${key}:current`, {
        projectId,
        taskId,
        escalationId: current,
        holiday: FRESH_HOLIDAY,
        incidentId: UNKNOWN,
      });
    }
    return { projectId, taskId, escalationId, holiday: FRESH_HOLIDAY, incidentId: UNKNOWN };
  }

  /**
   * BPBD declares an incident; with `agencies`, resolves once that many OPDs are mobilised (so the workflow
   * knows them all).
   */
  async function declareIncident(body: unknown, agencies: number | null) {
    const res = await request('POST', '/incidents', 'staff.bpbd', body);
    if (res.status !== 201) throw new Error(`declare: ${res.status} ${JSON.stringify(res.body)}`);
    const incidentId = res.body.id as string;
    if (agencies !== null) await mobilised(incidentId, agencies);
    return { incidentId, projectId: res.body.projectId as string };
  }

  const mobilised = (incidentId: string, agencies: number) =>
    eventually(
      async () => (await stack.db.incidentAgency.count({ where: { incidentId } })) === agencies,
      45_000,
    );

  /** The fixture's project, tasks and incident's workflow ids, as stored on their rows. */
  const fixtureWorkflowIds = (f: Fixture) =>
    Promise.all([
      projectWorkflowIdOf(stack.db, f.projectId),
      taskWorkflowIdOf(stack.db, f.taskId),
      taskWorkflowIdOf(stack.db, f.dinsosTaskId),
      incidentWorkflowIdOf(stack.db, f.incidentId),
    ]);

  /** Everything a refused write could have touched: the fixture's projections, trail and workflow histories. */
  async function fixtureState(f: Fixture) {
    const db = stack.db;
    const historyLengths = Promise.all(
      (await fixtureWorkflowIds(f)).map(
        async (id) => (await stack.temporal.workflow.getHandle(id).describe()).historyLength,
      ),
    );
    // The incident fixture, read alongside.
    const incidentState = Promise.all([
      db.incident.findUniqueOrThrow({
        where: { id: f.incidentId },
        select: {
          status: true,
          closedAt: true,
          summary: true,
          statusChanges: { orderBy: { id: 'asc' }, select: { id: true, toStatus: true, byUserId: true } },
          agencies: {
            orderBy: { agencyId: 'asc' },
            select: { agencyId: true, clusters: true, mobilisedAt: true, releasedAt: true },
          },
          requests: { orderBy: { id: 'asc' }, select: { id: true, status: true } },
        },
      }),
      db.task.findMany({
        where: { projectId: f.incidentProjectId },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          stepKey: true,
          agencyId: true,
          status: true,
          assigneeId: true,
          escalationLevel: true,
          dueAt: true,
          result: true,
          completedAt: true,
        },
      }),
      db.contribution.count({ where: { task: { projectId: f.incidentProjectId } } }),
      db.auditEvent.findMany({
        where: { projectId: f.incidentProjectId },
        orderBy: { id: 'asc' },
        select: { id: true, action: true, actorUserId: true },
      }),
      db.projectAgency.count({ where: { projectId: f.incidentProjectId } }),
      // Refused declarations declare nothing.
      db.incident.count({ where: { description: { startsWith: `authz ${TAG} declare` } } }),
    ]);
    const projectState = Promise.all([
      db.jointProject.findUniqueOrThrow({
        where: { id: f.projectId },
        select: {
          status: true,
          steps: true,
          cancelledAt: true,
          participants: { select: { agencyId: true }, orderBy: { agencyId: 'asc' } },
        },
      }),
      db.task.findMany({
        where: { projectId: f.projectId },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          agencyId: true,
          status: true,
          assigneeId: true,
          escalationLevel: true,
          deadlineExtended: true,
          reassignmentCount: true,
          dueAt: true,
          result: true,
          completedAt: true,
        },
      }),
      db.contribution.count({ where: { task: { projectId: f.projectId } } }),
      db.escalation.findMany({
        where: { projectId: f.projectId },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          level: true,
          status: true,
          instruction: true,
          answeredById: true,
          closedAt: true,
        },
      }),
      db.auditEvent.findMany({
        where: { projectId: f.projectId },
        orderBy: { id: 'asc' },
        select: { id: true, action: true, actorUserId: true },
      }),
      db.reassignment.count({ where: { task: { projectId: f.projectId } } }),
      db.holiday.findMany({ where: { date: { startsWith: '2099-' } }, orderBy: { date: 'asc' } }),
      db.template.count({ where: { code: { startsWith: `authz-${TAG}` } } }),
    ]);
    const [
      [project, tasks, contributions, escalations, audit, reassignments, holidays, templates],
      [incident, incidentTasks, incidentContributions, incidentAudit, incidentParticipants, declared],
      histories,
    ] = await Promise.all([projectState, incidentState, historyLengths]);
    return {
      project,
      tasks,
      contributions,
      escalations,
      audit,
      reassignments,
      holidays,
      templates,
      incident,
      incidentTasks,
      incidentContributions,
      incidentAudit,
      incidentParticipants,
      declared,
      histories,
    };
  }

  beforeAll(async () => {
    stack = await startStack();
    const dpmd = await stack.db.agency.findUniqueOrThrow({ where: { code: 'DPMD' } });
    const dpmdUsername = `staff.dpmd.authz-${TAG}`;
    await stack.db.user.create({
      data: {
        username: dpmdUsername,
        fullName: 'Staf DPMD (uji otorisasi)',
        role: 'STAFF',
        position: 'Pendamping Desa',
        agencyId: dpmd.id,
        passwordHash: await hash(process.env.GOTONG_TEST_PASSWORD!),
      },
    });
    await Promise.all([
      ...DEMO_USERS.map(async (u) => tokens.set(u, await stack.login(u))),
      (async () => tokens.set('staff.dpmd', await stack.login(dpmdUsername)))(),
    ]);
    const [users, agencies] = await Promise.all([
      stack.db.user.findMany({
        where: { username: { in: [...DEMO_USERS] } },
        select: { id: true, username: true },
      }),
      stack.db.agency.findMany({ where: { code: { in: ['DINKES', 'DINSOS', 'BPBD'] } } }),
    ]);
    const userIds = Object.fromEntries(users.map((u) => [u.username, u.id])) as Record<DemoUser, string>;
    const agencyIds = Object.fromEntries(agencies.map((a) => [a.code, a.id])) as Fixture['agencyIds'];
    await stack.db.holiday.create({
      data: { date: FIXTURE_HOLIDAY, name: 'Libur yang tidak boleh berubah', kind: 'NATIONAL_HOLIDAY' },
    });

    // The fixtures (a project and an incident) and the fresh objects of the allowed writes come up side by side.
    // The fresh incidents are declared once the projects have escalated (their OPDs would hold up the
    // two-second escalations the projects wait for), and not waited for: they mobilise while the refusals run.
    const isIncident = (f: (typeof FRESH)[number]) => f.kind === 'incident';
    const freshAll = (which: typeof FRESH) =>
      Promise.all(which.map(async ({ key, kind }) => [key, await freshObjects(key, kind)] as const));
    const [core, drought, freshProjects] = await Promise.all([
      (async () => {
        const projectId = await startProject(`authz ${TAG} fixture`, ['DINKES', 'DINSOS'], {
          amount: 2,
          unit: 'seconds',
        });
        const [taskId, dinsosTaskId] = await Promise.all([
          taskOf(projectId, 'DINKES'),
          taskOf(projectId, 'DINSOS'),
        ]);
        const [escalationId, dinsosEscalationId] = await Promise.all([
          openEscalationOf(taskId),
          openEscalationOf(dinsosTaskId),
        ]);
        return { projectId, taskId, dinsosTaskId, escalationId, dinsosEscalationId };
      })(),
      (async () => {
        const { incidentId, projectId } = await declareIncident(
          { ...droughtIn(TONGAS, `authz ${TAG} fixture`), desa: [`${TONGAS}.2001`] },
          FIXTURE_AGENCIES.length,
        );
        // Every mobilised OPD has its acknowledgement, and those with sitrep duty their first sitrep: then nothing
        // happens for minutes.
        const expectedTasks = 2 * FIXTURE_AGENCIES.length - ACK_ONLY.length;
        await eventually(
          async () => (await stack.db.task.count({ where: { projectId } })) === expectedTasks,
          45_000,
        );
        const dinkesAck = await stack.db.task.findFirstOrThrow({
          where: { projectId, stepKey: 'ack-dinkes' },
          select: { id: true },
        });
        return { incidentId, incidentProjectId: projectId, dinkesAckTaskId: dinkesAck.id };
      })(),
      freshAll(FRESH.filter((f) => !isIncident(f))),
    ]);
    const fresh = [...freshProjects, ...(await freshAll(FRESH.filter(isIncident)))];
    fixture = {
      ...core,
      incidentId: drought.incidentId,
      incidentProjectId: drought.incidentProjectId,
      holiday: FIXTURE_HOLIDAY,
      userIds,
      agencyIds,
      fresh: new Map([...fresh, ...extraFresh]),
      db: stack.db,
    };
    fixture.fresh.set('fixture:dinsos', {
      ...fixture,
      taskId: core.dinsosTaskId,
      escalationId: core.dinsosEscalationId,
    });
    fixture.fresh.set('fixture:dinkesAck', {
      ...fixture,
      taskId: drought.dinkesAckTaskId,
      escalationId: UNKNOWN,
    });

    // Both fixture tasks have been reminded twice and escalated; nothing more happens to them on its own.
    // Settled is a state, not a pause: every fixture workflow waits on a timer or a signal (no workflow task
    // or activity still to run, so no projection still to be written), and two reads agree.
    const workflowIds = await fixtureWorkflowIds(fixture);
    const idle = async () =>
      (
        await Promise.all(
          workflowIds.map(async (id) => {
            const { raw } = await stack.temporal.workflow.getHandle(id).describe();
            return !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0;
          }),
        )
      ).every(Boolean);
    const escalatedTwice = async () =>
      (
        await Promise.all(
          [fixture.taskId, core.dinsosTaskId].map(async (taskId) => {
            const actions = (
              await stack.db.auditEvent.findMany({ where: { taskId }, select: { action: true } })
            ).map((e) => e.action);
            return (
              actions.filter((a) => a === 'TASK_REMINDER').length === 2 && actions.includes('TASK_ESCALATED')
            );
          }),
        )
      ).every(Boolean);
    baseline = await eventually(async () => {
      if (!(await escalatedTwice()) || !(await idle())) return undefined;
      const before = await fixtureState(fixture);
      await new Promise((r) => setTimeout(r, 500));
      const after = await fixtureState(fixture);
      return isDeepStrictEqual(before, after) && (await idle()) ? after : undefined;
    }, 60_000);
  }, 120_000);

  afterAll(async () => {
    await stack?.db.holiday.deleteMany({ where: { date: { in: [FIXTURE_HOLIDAY, FRESH_HOLIDAY] } } });
    await stack?.stop();
  });

  async function run(row: Row) {
    const target = row.target(fixture);
    const refusedWrite = isWrite(row.method) && !isSuccess(row.status);
    const before = refusedWrite ? await fixtureState(fixture) : undefined;
    const res = await request(
      row.method,
      row.path(target),
      row.caller,
      row.body?.(target, row.caller as Caller, fixture),
    );
    const expected = row.anyOf ?? [row.status];
    if (!expected.includes(res.status)) {
      const body = JSON.stringify(res.body) ?? '';
      throw new Error(`expected ${expected.join(' or ')}, got ${res.status}: ${body.slice(0, 500)}`);
    }
    if (res.status === 403) expect(res.body.message).toEqual(expect.any(String));
    await row.check?.(res, row.caller as Caller, fixture);
    // A refused write changes nothing: not the fixture, its audit trail or its workflows' histories.
    if (before) expect(await fixtureState(fixture)).toEqual(before);
  }

  describe('reads and refusals on the fixture', () => {
    it.each([...FIXTURE_ROWS, ...FIXTURE_EXTRA_ROWS])('$name', run);
  });

  describe('unknown and malformed ids', () => {
    it.each(ID_ROWS)('$name', run);
  });

  describe('the fixture after the refusals', () => {
    it('is exactly as it was after every refused write', async () => {
      const now = await fixtureState(fixture);
      expect(now).toEqual(baseline);
      expect(now.project.status).toBe('ACTIVE');
      expect(now.project.participants.map((p) => p.agencyId).sort()).toEqual(
        [fixture.agencyIds.DINKES, fixture.agencyIds.DINSOS].sort(),
      );
      const dinkes = now.tasks.find((t) => t.id === fixture.taskId)!;
      expect(dinkes).toMatchObject({
        agencyId: fixture.agencyIds.DINKES,
        status: 'ASSIGNED',
        assigneeId: null,
        escalationLevel: 1,
        deadlineExtended: false,
        reassignmentCount: 0,
        result: null,
      });
      expect(now.contributions).toBe(0);
      expect(now.reassignments).toBe(0);
      expect(now.escalations.map((e) => [e.status, e.level, e.instruction])).toEqual([
        ['OPEN', 1, null],
        ['OPEN', 1, null],
      ]);
      // Only the lead (starting the project) and the workflows wrote the trail.
      expect(now.audit.map((e) => e.action).sort()).toEqual(
        [
          'PROJECT_STARTED',
          'TASK_ASSIGNED',
          'TASK_ASSIGNED',
          'TASK_REMINDER',
          'TASK_REMINDER',
          'TASK_REMINDER',
          'TASK_REMINDER',
          'TASK_ESCALATED',
          'TASK_ESCALATED',
        ].sort(),
      );
      expect(new Set(now.audit.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))).toEqual(
        new Set([fixture.userIds['lead.bappeda']]),
      );
      expect(now.holidays).toEqual([
        { date: FIXTURE_HOLIDAY, name: 'Libur yang tidak boleh berubah', kind: 'NATIONAL_HOLIDAY' },
      ]);
      expect(now.templates).toBe(0);

      // The incident: still in tanggap darurat, every OPD of the drought matrix mobilised and none released,
      // every acknowledgement and first sitrep open, no request, nothing but the workflow's own trail.
      expect(now.incident).toMatchObject({
        status: 'TANGGAP_DARURAT',
        closedAt: null,
        summary: null,
        requests: [],
      });
      expect(now.incident.statusChanges).toEqual([
        { id: fixture.incidentId, toStatus: 'TANGGAP_DARURAT', byUserId: fixture.userIds['staff.bpbd'] },
      ]);
      expect(now.incident.agencies).toHaveLength(FIXTURE_AGENCIES.length);
      expect(now.incident.agencies.every((a) => a.releasedAt === null)).toBe(true);
      expect(now.incidentTasks.map((t) => t.stepKey).sort()).toEqual(
        FIXTURE_AGENCIES.flatMap((code) => [
          `ack-${code.toLowerCase()}`,
          ...(ACK_ONLY.includes(code) ? [] : [`sitrep-${code.toLowerCase()}-1`]),
        ]).sort(),
      );
      expect(
        now.incidentTasks.every(
          (t) =>
            t.status === 'ASSIGNED' && t.assigneeId === null && t.escalationLevel === 0 && t.result === null,
        ),
      ).toBe(true);
      expect(now.incidentContributions).toBe(0);
      expect(now.incidentParticipants).toBe(FIXTURE_AGENCIES.length);
      expect(now.declared).toBe(0);
      const incidentActions = now.incidentAudit.map((e) => e.action);
      expect(incidentActions.sort()).toEqual(
        [
          'INCIDENT_DECLARED',
          ...FIXTURE_AGENCIES.map(() => 'OPD_MOBILISED'),
          // An acknowledgement each, a first sitrep for those with sitrep duty.
          ...FIXTURE_AGENCIES.flatMap((code) =>
            ACK_ONLY.includes(code) ? ['TASK_ASSIGNED'] : ['TASK_ASSIGNED', 'TASK_ASSIGNED'],
          ),
        ].sort(),
      );
      expect(new Set(now.incidentAudit.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))).toEqual(
        new Set([fixture.userIds['staff.bpbd']]),
      );
    });
  });

  describe('allowed writes, each on objects of its own', () => {
    // The fresh incidents have mobilised every OPD of their matrix (long since, as a rule).
    beforeAll(async () => {
      const incidents = FRESH.filter((f) => f.kind === 'incident').map((f) => freshTarget(fixture, f.key));
      await Promise.all(incidents.map((t) => mobilised(t.incidentId, DROUGHT_MATRIX.length)));
    }, 60_000);

    it.each(ALLOWED_WRITES)('$name', run);
  });

  describe('after the allowed writes', () => {
    it.each(AFTER_ROWS)('$name', run);
  });

  describe('a superseded escalation (the task moved from DINKES to BPBD)', () => {
    it.each(SUPERSEDED_ROWS)('$name', run);
  });
});
