import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { ROLES, type Role } from '@gotong/domain/roles';
import { solve } from './support/citizen-challenge';
import { eventually, startStack, type Stack } from './support/stack';

/**
 * The generated authorisation matrix (issue #15): every operation of the OpenAPI document × every caller (one
 * demo user per role and OPD, and no token at all) × the caller's relation to the object where the operation
 * acts on one (own OPD, participant OPD, foreign OPD), through the real stack.
 *
 * ROWS states the expected outcome once per operation, as a rule over the caller's role, OPD and relation. The
 * operations come from GET /docs/json, so an endpoint added without a row fails the test with its name, and a
 * row whose endpoint is gone fails too.
 *
 * How it probes without breaking its own fixture: every refused probe runs first, with a valid body, on the
 * fixture; a refused request changes nothing. Then the allowed reads (which must be 2xx), then the allowed
 * writes in the order of ROWS (which must not be refused: no 401, 403 or, on an object that exists, 404; a 400
 * or 409 after the permission check passes, e.g. a second claim of a claimed task). Writes that would reach
 * beyond this file (a demo user's password, a template other files use, a Temporal Schedule, an incident's
 * mobilisation) send a body the service refuses after its permission check, or act on objects this file made.
 * Nothing may answer 5xx. A summary of the counts is printed.
 *
 * The fixture: lead.bappeda (BAPPEDA) leads project P with tasks for DINKES and DINSOS and project Q with a
 * task for DPUPR, each with a two-second SLA, so all three tasks sit escalated at level 1. For a DINKES user the
 * DINKES task is `own`, the DINSOS task `participant` (same project), the DPUPR task `foreign`. staff.bpbd
 * declares a drought in Tongas, which mobilises BPBD (the command: `own`), DINKES, DINSOS, DPUPR, DISKOMINFO,
 * DLH and the Tongas kecamatan office (`participant`); BAPPEDA and SETDA are `foreign` to it.
 *
 * Issue #18's objects: a planning year (RKPD, stages all in the future, so nothing routes) with a proposal the
 * Tiris kecamatan office entered (for that office `own`, for BAPPEDA `participant`); a policy draft BAPPEDA's
 * lead started with DINKES as reviewer (BAPPEDA `own`; DINKES and the legal section `participant`); a citizen
 * road report (category jalan, handled by DPUPR: `own`; the complaint desk DISKOMINFO: `participant`) filed with
 * a photo through the public form. The matrix files many reports and reads the open routes from every caller:
 * it runs with open-route and filing limits of its own, in a Redis prefix of its own.
 */

// ---------------------------------------------------------------------------------------------------------
// Callers

const KECAMATAN_STAFF = 'staff.kec-tiris.matriks';
interface Profile {
  username: string;
  role: Role;
  agency: string;
  office?: string;
}
const DEMO: Profile[] = [
  { username: 'staff.dinkes', role: 'STAFF', agency: 'DINKES' },
  { username: 'kepala.dinkes', role: 'AGENCY_HEAD', agency: 'DINKES' },
  { username: 'staff.dinsos', role: 'STAFF', agency: 'DINSOS' },
  { username: 'kepala.dinsos', role: 'AGENCY_HEAD', agency: 'DINSOS' },
  { username: 'staff.dpupr', role: 'STAFF', agency: 'DPUPR' },
  { username: 'kepala.dpupr', role: 'AGENCY_HEAD', agency: 'DPUPR' },
  { username: 'staff.bpbd', role: 'STAFF', agency: 'BPBD' },
  { username: 'kepala.bpbd', role: 'AGENCY_HEAD', agency: 'BPBD' },
  { username: 'lead.bappeda', role: 'LEAD', agency: 'BAPPEDA' },
  { username: 'sekda', role: 'LEADERSHIP', agency: 'SETDA', office: 'SEKDA' },
  { username: 'bupati', role: 'LEADERSHIP', agency: 'SETDA', office: 'BUPATI' },
  { username: 'wabup', role: 'LEADERSHIP', agency: 'SETDA', office: 'WAKIL_BUPATI' },
  { username: 'walidata', role: 'WALIDATA', agency: 'DISKOMINFO' },
  { username: 'admin', role: 'ADMIN', agency: 'DISKOMINFO' },
  // Not seeded (no kecamatan office has a demo user): created by the fixture, for the Musrenbang proposals.
  { username: KECAMATAN_STAFF, role: 'STAFF', agency: 'KEC-TIRIS' },
];
/** null: no token. */
type Caller = Profile | null;
const CALLERS: Caller[] = [null, ...DEMO];
const nameOf = (c: Caller) => c?.username ?? 'anonymous';

type Relation = 'own' | 'participant' | 'foreign';
type Rule = (c: Profile, rel: Relation) => boolean;

const signedIn: Rule = () => true;
const roles =
  (...allowed: Role[]): Rule =>
  (c) =>
    allowed.includes(c.role);
const REGENCY_WIDE: Role[] = ['LEADERSHIP', 'ADMIN'];
const WORKERS: Role[] = ['STAFF', 'AGENCY_HEAD'];
/** Reads an object: its OPDs, and leadership and admins regency-wide. */
const reads: Rule = (c, rel) => rel !== 'foreign' || REGENCY_WIDE.includes(c.role);
/** The lead of the fixture projects: a LEAD of BAPPEDA. */
const projectLead: Rule = (c) => c.role === 'LEAD' && c.agency === 'BAPPEDA';
/** Works the task: its own OPD's staff and head. */
const worksIt: Rule = (c, rel) => rel === 'own' && WORKERS.includes(c.role);
/**
 * Answers or extends a level-1 escalation: never its own OPD (separation of duties); the project's lead OPD
 * (lead.bappeda) or leadership.
 */
const answersLevel1: Rule = (c, rel) => rel !== 'own' && (c.role === 'LEADERSHIP' || projectLead(c, rel));
/** Steers the incident: the command (BPBD) staff and head, or leadership. */
const commands: Rule = (c, rel) => (rel === 'own' && WORKERS.includes(c.role)) || c.role === 'LEADERSHIP';

// ---------------------------------------------------------------------------------------------------------
// Rows

interface Fixture {
  tag: string;
  projects: { P: string; Q: string };
  tasks: { dinkes: string; dinsos: string; dpupr: string };
  escalations: { dinkes: string; dinsos: string; dpupr: string };
  incidentId: string;
  notificationId: string;
  staffId: string;
  agencyId: string;
  appointmentId: string;
  holiday: string;
  templateCode: string;
  templateDefinition: Record<string, unknown>;
  userIds: Record<string, string>;
  /** The RKPD year (stages all ahead), its calendar, and the Tiris office's proposal in it. */
  planning: { year: number; stages: Record<string, { start: string; end: string }>; proposalId: string };
  policyDraftId: string;
  /** The road report (DPUPR's, with a photo). */
  report: { id: string; trackingNumber: string };
  /** A fresh challenge of the public report form, solved (each is good for one filing). */
  challenge: () => Promise<{ token: string; answer: string }>;
}

/** An object an operation acts on, and how each caller stands to it. */
interface Target {
  label: string;
  params: Record<string, string>;
  relation: (c: Profile) => Relation;
}

interface Row {
  allow: Rule;
  /** The objects probed (object-level operations); otherwise one probe per caller with `params`. */
  targets?: (f: Fixture) => Target[];
  params?: (f: Fixture) => Record<string, string>;
  query?: string;
  /** The request body; `params` are the probe's target's (or the row's) parameters. A FormData goes as multipart. */
  body?: (f: Fixture, c: Caller, params: Record<string, string>) => unknown;
  /** No token needed: every caller, anonymous too, is allowed (the credentials or the data decide). */
  public?: true;
  /**
   * The allowed callers' outcome is not a success by design: the object is unknown, or the body is one the
   * service refuses after its permission check (so nothing beyond this file changes). They must get a 4xx
   * other than 401 and 403.
   */
  refusedAfterCheck?: true;
  /** An allowed GET whose success depends on data, not permission (e.g. a spreadsheet for a form): not refused. */
  notRefusedOnly?: true;
  /** Allowed writes run after every other allowed write (they end what later ones need). */
  last?: true;
  /** Sends each allowed probe with a token of its own (the probe ends its session). */
  ownToken?: true;
  /** Runs after every other probe (it ends the caller's sessions). */
  final?: true;
  /** A stream (server-sent events): the status is read, then the connection closed. */
  stream?: true;
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TONGAS = '35.13.23';

/** The task objects: relation by the caller's OPD (holder: own; same project or its lead: participant). */
function taskTargets(f: Fixture, kind: 'tasks' | 'escalations'): Target[] {
  const ids = f[kind];
  const holders = { dinkes: 'DINKES', dinsos: 'DINSOS', dpupr: 'DPUPR' } as const;
  const projectOf = { dinkes: ['DINKES', 'DINSOS'], dinsos: ['DINKES', 'DINSOS'], dpupr: ['DPUPR'] } as const;
  return (Object.keys(holders) as (keyof typeof holders)[]).map((key) => ({
    label: `${key}'s`,
    params: { id: ids[key] },
    relation: (c) =>
      c.agency === holders[key]
        ? 'own'
        : (projectOf[key] as readonly string[]).includes(c.agency) || c.agency === 'BAPPEDA'
          ? 'participant'
          : 'foreign',
  }));
}
const projectTargets = (f: Fixture): Target[] =>
  (
    [
      ['P', ['DINKES', 'DINSOS']],
      ['Q', ['DPUPR']],
    ] as const
  ).map(([key, opds]) => ({
    label: key,
    params: { id: f.projects[key] },
    relation: (c) =>
      c.agency === 'BAPPEDA'
        ? 'own'
        : (opds as readonly string[]).includes(c.agency)
          ? 'participant'
          : 'foreign',
  }));
const MOBILISED = ['DINKES', 'DINSOS', 'DPUPR', 'DISKOMINFO', 'DLH', 'KEC-TONGAS'];
const incidentTarget = (f: Fixture): Target[] => [
  {
    label: 'the Tongas drought',
    params: { id: f.incidentId },
    relation: (c) => (c.agency === 'BPBD' ? 'own' : MOBILISED.includes(c.agency) ? 'participant' : 'foreign'),
  },
];
/** An object only its owner (a user) has: own for them, foreign for everyone else. */
const ownedBy =
  (username: string, label: string, param: (f: Fixture) => Record<string, string>) =>
  (f: Fixture): Target[] => [
    { label, params: param(f), relation: (c) => (c.username === username ? 'own' : 'foreign') },
  ];
/** An account or OPD of DINKES: own for DINKES users. */
const ofDinkes =
  (label: string, param: (f: Fixture) => Record<string, string>) =>
  (f: Fixture): Target[] => [
    { label, params: param(f), relation: (c) => (c.agency === 'DINKES' ? 'own' : 'foreign') },
  ];
const unknownId = () => ({ id: UNKNOWN });

// Issue #18's objects. Kode wilayah of Kepmendagri No. 300.2.2-2138 Tahun 2025 (libs/domain/src/region).
const TIRIS = '35.13.07';
const ANDUNGBIRU = '35.13.07.2001'; // Desa Andungbiru, Kecamatan Tiris
const TONGAS_DESA = '35.13.23.2001'; // Desa Sumberrejo, Kecamatan Tongas
/** A 1×1 PNG: the road report's photo. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The five Musrenbang stages of an RKPD year, all inside the calendar year before it (Permendagri 86/2017). */
function planningStages(year: number): Fixture['planning']['stages'] {
  const at = (monthDay: string) => `${year - 1}-${monthDay}T02:00:00.000Z`;
  return {
    MUSRENBANG_DESA: { start: at('01-06'), end: at('01-31') },
    MUSRENBANG_KECAMATAN: { start: at('02-02'), end: at('03-14') },
    FORUM_PERANGKAT_DAERAH: { start: at('03-16'), end: at('04-15') },
    MUSRENBANG_KABUPATEN: { start: at('04-16'), end: at('04-30') },
    PENETAPAN_RKPD: { start: at('05-04'), end: at('05-29') },
  };
}
/** The public report form as a browser sends it (multipart), with a solved challenge and an optional photo. */
async function reportForm(
  challenge: Fixture['challenge'],
  fields: Record<string, string>,
  photo?: Buffer,
): Promise<FormData> {
  const { token, answer } = await challenge();
  const form = new FormData();
  for (const [key, value] of Object.entries({ ...fields, challengeToken: token, challengeAnswer: answer }))
    form.set(key, value);
  if (photo) form.set('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'jalan.png');
  return form;
}
/** The year's proposal: the Tiris office's own; BAPPEDA plans with every proposal (participant). */
const proposalTarget = (f: Fixture): Target[] => [
  {
    label: "the Tiris office's proposal",
    params: { year: String(f.planning.year), id: f.planning.proposalId },
    relation: (c) => (c.agency === 'KEC-TIRIS' ? 'own' : c.agency === 'BAPPEDA' ? 'participant' : 'foreign'),
  },
];
/** A kecamatan a proposal is entered for: its own office's (own), nobody else's. */
const kecamatanTargets = (f: Fixture): Target[] =>
  (
    [
      ['Tiris', TIRIS, ANDUNGBIRU, 'KEC-TIRIS'],
      ['Tongas', TONGAS, TONGAS_DESA, 'KEC-TONGAS'],
    ] as const
  ).map(([label, kecamatan, desa, office]) => ({
    label: `a proposal for ${label}`,
    params: { year: String(f.planning.year), kecamatan, desa },
    relation: (c) => (c.agency === office ? 'own' : 'foreign'),
  }));
/** The policy draft: BAPPEDA drafts it (own); DINKES and the legal section review it (participant). */
const policyTarget = (f: Fixture): Target[] => [
  {
    label: "BAPPEDA's policy draft",
    params: { id: f.policyDraftId },
    relation: (c) =>
      c.agency === 'BAPPEDA'
        ? 'own'
        : ['DINKES', 'SETDA-HUKUM'].includes(c.agency)
          ? 'participant'
          : 'foreign',
  },
];
/** Drafts for its OPD and uploads or withdraws its versions: a LEAD or the Kepala OPD of the drafting OPD. */
const draftsIt: Rule = (c, rel) => rel === 'own' && ['LEAD', 'AGENCY_HEAD'].includes(c.role);
/** The road report: DPUPR handles it (own); the complaint desk, DISKOMINFO, handles every report (participant). */
const reportTarget = (f: Fixture): Target[] => [
  {
    label: "DPUPR's road report",
    params: { id: f.report.id },
    relation: (c) => (c.agency === 'DPUPR' ? 'own' : c.agency === 'DISKOMINFO' ? 'participant' : 'foreign'),
  },
];
/**
 * Acts on a citizen report, with its personal data: the handling OPD's and the desk's staff, Kepala and lead,
 * an admin; not leadership, not DISKOMINFO's walidata.
 */
const handlesReport: Rule = (c, rel) =>
  c.role === 'ADMIN' || (rel !== 'foreign' && ['STAFF', 'AGENCY_HEAD', 'LEAD'].includes(c.role));
/** Reads a citizen report: those who handle it, and leadership regency-wide (without personal data). */
const readsReport: Rule = (c, rel) => handlesReport(c, rel) || c.role === 'LEADERSHIP';

const ROWS: Record<string, Row> = {
  // --- public --------------------------------------------------------------------------------------------
  'GET /health': { allow: signedIn, public: true },
  'GET /health/live': { allow: signedIn, public: true },
  'GET /health/ready': { allow: signedIn, public: true },
  'POST /auth/login': {
    allow: signedIn,
    public: true,
    body: () => ({ username: 'staff.dinkes', password: process.env.GOTONG_TEST_PASSWORD }),
  },
  'GET /public/data/indicators': { allow: signedIn, public: true },
  'GET /public/data/figures': { allow: signedIn, public: true },
  'GET /public/data/figures.csv': { allow: signedIn, public: true },
  'GET /public/data/figures.xlsx': { allow: signedIn, public: true },
  'GET /data/indicators': { allow: signedIn, public: true },
  // Published figures: public; a signed-in data custodian sees names (the token only widens what is shown).
  'GET /data/published': { allow: signedIn, public: true },
  'GET /data/published.csv': { allow: signedIn, public: true },
  'GET /data/published.xlsx': { allow: signedIn, public: true },
  'GET /data/indicators/{code}': {
    allow: signedIn,
    public: true,
    params: () => ({ code: 'prevalensi-stunting' }),
    notRefusedOnly: true,
  },

  // --- the caller's own session and settings (everyone signed in) -----------------------------------------
  'GET /auth/me': { allow: signedIn },
  'POST /auth/refresh': { allow: signedIn, ownToken: true },
  // Signing out ends the user's sessions: after everything else.
  'POST /auth/logout': { allow: signedIn, ownToken: true, final: true },
  // An empty body: 400 after the login (a demo user's password never changes here).
  'POST /auth/password': { allow: signedIn, body: () => ({}), refusedAfterCheck: true },
  'GET /notifications': { allow: signedIn },
  'GET /notifications/unread-count': { allow: signedIn },
  // Server-sent events: only the response's status is read, then the stream is closed.
  'GET /notifications/stream': { allow: signedIn, stream: true },
  'POST /notifications/read-all': { allow: signedIn },
  'GET /notifications/{id}': {
    allow: (_c, rel) => rel === 'own',
    targets: ownedBy('staff.dinkes', "staff.dinkes's notification", (f) => ({ id: f.notificationId })),
  },
  'POST /notifications/{id}/read': {
    allow: (_c, rel) => rel === 'own',
    targets: ownedBy('staff.dinkes', "staff.dinkes's notification", (f) => ({ id: f.notificationId })),
  },
  'GET /me/notification-preferences': { allow: signedIn },
  // Quiet hours that are no time of day: 400 after the login, nobody's preferences change.
  'PUT /me/notification-preferences': {
    allow: signedIn,
    body: () => ({ quietHours: { start: '25:00', end: '26:00' } }),
    refusedAfterCheck: true,
  },

  // --- reference data -------------------------------------------------------------------------------------
  'GET /agencies': { allow: signedIn },
  'GET /agencies/coverage': { allow: roles('AGENCY_HEAD', 'LEAD', 'LEADERSHIP', 'ADMIN') },
  'GET /areas': { allow: signedIn },
  'GET /calendar': { allow: signedIn },
  'PUT /calendar/holidays/{date}': {
    allow: roles('ADMIN'),
    params: (f) => ({ date: f.holiday }),
    body: () => ({ name: 'Libur uji matriks', kind: 'CUTI_BERSAMA' }),
  },
  'DELETE /calendar/holidays/{date}': {
    allow: roles('ADMIN'),
    params: (f) => ({ date: f.holiday }),
    last: true,
  },
  'GET /templates': { allow: signedIn },
  'GET /templates/responsibilities': { allow: signedIn },
  'GET /templates/{code}': { allow: signedIn, params: (f) => ({ code: f.templateCode }) },
  'GET /templates/{code}/versions/{version}': {
    allow: signedIn,
    params: (f) => ({ code: f.templateCode, version: '1' }),
  },
  // A new version of this file's template, owned by BAPPEDA: only BAPPEDA's LEAD or an ADMIN.
  'POST /templates': {
    allow: (c) => c.role === 'ADMIN' || (c.role === 'LEAD' && c.agency === 'BAPPEDA'),
    body: (f) => f.templateDefinition,
  },

  // --- projects and tasks ---------------------------------------------------------------------------------
  'GET /projects': { allow: signedIn },
  'GET /projects/overview': { allow: roles('AGENCY_HEAD', 'LEADERSHIP', 'ADMIN') },
  'POST /projects': {
    allow: roles('LEAD', 'LEADERSHIP'),
    body: (f, c) => ({
      title: `matriks ${f.tag} ${nameOf(c)}`,
      agencyCodes: ['DINKES'],
      sla: { amount: 1, unit: 'hours' },
    }),
  },
  // An unknown template: 404 after the role check, so nothing starts.
  'POST /projects/from-template': {
    allow: roles('LEAD', 'LEADERSHIP'),
    body: () => ({ templateCode: 'tidak-ada-template-ini', parameters: {} }),
    refusedAfterCheck: true,
  },
  'GET /projects/{id}': { allow: reads, targets: projectTargets },
  'GET /projects/{id}/audit': { allow: reads, targets: projectTargets },
  'POST /projects/{id}/agencies': {
    allow: projectLead,
    targets: projectTargets,
    body: () => ({ agencyCode: 'BPBD', title: 'Dukungan logistik', sla: { amount: 1, unit: 'hours' } }),
  },
  'POST /projects/{id}/cancel': {
    allow: (c, rel) => projectLead(c, rel) || c.role === 'LEADERSHIP',
    targets: projectTargets,
    body: () => ({ reason: 'Uji matriks otorisasi' }),
    last: true,
  },
  'GET /inbox': { allow: signedIn },
  'GET /reviews': { allow: signedIn },
  'GET /tasks/{id}': { allow: reads, targets: (f) => taskTargets(f, 'tasks') },
  'GET /tasks/{id}/history': { allow: reads, targets: (f) => taskTargets(f, 'tasks') },
  // What the OPD submitted: not ADMIN outside its own OPD's work (permissions work.content).
  'GET /tasks/{id}/contributions': {
    allow: (c, rel) => rel !== 'foreign' || c.role === 'LEADERSHIP',
    targets: (f) => taskTargets(f, 'tasks'),
  },
  // Comments (whoever reads the object) and attachments (contributions: read like their content, added by
  // the task's OPD; comments' and attachments' own ids: unknown here, 404 after the check).
  'GET /tasks/{id}/comments': { allow: reads, targets: (f) => taskTargets(f, 'tasks') },
  'POST /tasks/{id}/comments': {
    allow: reads,
    targets: (f) => taskTargets(f, 'tasks'),
    body: () => ({ body: 'Uji matriks' }),
  },
  'GET /projects/{id}/comments': { allow: reads, targets: projectTargets },
  'POST /projects/{id}/comments': {
    allow: reads,
    targets: projectTargets,
    body: () => ({ body: 'Uji matriks' }),
  },
  'GET /incidents/{id}/comments': { allow: reads, targets: incidentTarget },
  'POST /incidents/{id}/comments': {
    allow: reads,
    targets: incidentTarget,
    body: () => ({ body: 'Uji matriks' }),
  },
  // The fixture's tasks have no submitted contribution: allowed callers get 404 after the check.
  'GET /tasks/{id}/contributions/{version}/attachments': {
    allow: (c, rel) => rel !== 'foreign' || c.role === 'LEADERSHIP',
    targets: (f) => taskTargets(f, 'tasks').map((t) => ({ ...t, params: { ...t.params, version: '1' } })),
    refusedAfterCheck: true,
  },
  'POST /tasks/{id}/contributions/{version}/attachments': {
    allow: worksIt,
    targets: (f) => taskTargets(f, 'tasks').map((t) => ({ ...t, params: { ...t.params, version: '1' } })),
    refusedAfterCheck: true,
  },
  'POST /comments/{id}/attachments': {
    allow: signedIn,
    params: () => ({ id: UNKNOWN }),
    refusedAfterCheck: true,
  },
  'GET /attachments/{id}': { allow: signedIn, params: () => ({ id: UNKNOWN }), refusedAfterCheck: true },
  'GET /attachments/{id}/content': {
    allow: signedIn,
    params: () => ({ id: UNKNOWN }),
    refusedAfterCheck: true,
  },
  'GET /attachments/{id}/thumbnail': {
    allow: signedIn,
    params: () => ({ id: UNKNOWN }),
    refusedAfterCheck: true,
  },
  'GET /tasks/{id}/template.xlsx': {
    allow: worksIt,
    targets: (f) => taskTargets(f, 'tasks'),
    notRefusedOnly: true,
  },
  // No file: 400 for whoever may upload.
  'POST /tasks/{id}/spreadsheet': {
    allow: worksIt,
    targets: (f) => taskTargets(f, 'tasks'),
    refusedAfterCheck: true,
  },
  'POST /tasks/{id}/claim': { allow: worksIt, targets: (f) => taskTargets(f, 'tasks') },
  // Right after the claim (the demo order): the staff member who claimed releases it (200); the Kepala then finds
  // nobody holding it (409, after the check). Nobody holds the task when the contribution row runs.
  'POST /tasks/{id}/release': { allow: worksIt, targets: (f) => taskTargets(f, 'tasks') },
  // Whom to hand a task to: the Kepala of the task's OPD.
  'GET /tasks/{id}/handover-candidates': {
    allow: (c, rel) => rel === 'own' && c.role === 'AGENCY_HEAD',
    targets: (f) => taskTargets(f, 'tasks'),
  },
  'POST /tasks/{id}/contribution': {
    allow: worksIt,
    targets: (f) => taskTargets(f, 'tasks'),
    body: (_f, c) => ({ values: { summary: `laporan dari ${nameOf(c)}` } }),
  },
  'POST /tasks/{id}/review': {
    allow: projectLead,
    targets: (f) => taskTargets(f, 'tasks'),
    body: () => ({ decision: 'RETURN', note: 'Lengkapi data' }),
  },
  'POST /tasks/{id}/reassign': {
    allow: projectLead,
    targets: (f) => taskTargets(f, 'tasks'),
    body: () => ({ toAgencyCode: 'BPBD', reason: 'Ditangani BPBD' }),
    last: true,
  },

  // --- escalations and leadership -------------------------------------------------------------------------
  'GET /escalations': { allow: roles('AGENCY_HEAD', 'LEAD', 'LEADERSHIP', 'ADMIN') },
  'POST /escalations/{id}/answer': {
    allow: answersLevel1,
    targets: (f) => taskTargets(f, 'escalations'),
    body: () => ({ instruction: 'Segera kirim data paling lambat Jumat.' }),
  },
  'POST /escalations/{id}/extend': {
    allow: answersLevel1,
    targets: (f) => taskTargets(f, 'escalations'),
    body: () => ({ extension: { amount: 2, unit: 'seconds' }, reason: 'Data posyandu menyusul' }),
  },
  'GET /scorecards': { allow: roles('AGENCY_HEAD', 'LEADERSHIP', 'ADMIN') },
  'GET /scorecards/{agencyCode}/tasks': {
    allow: (c, rel) =>
      c.role === 'LEADERSHIP' || c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes('the DINKES scorecard', () => ({ agencyCode: 'DINKES' })),
  },
  'GET /leadership/overview': { allow: roles('AGENCY_HEAD', 'LEAD', 'LEADERSHIP', 'ADMIN') },

  // --- incidents ------------------------------------------------------------------------------------------
  'GET /incidents': { allow: signedIn },
  // An unknown kecamatan: 400 after the command check, so nothing is mobilised.
  'POST /incidents': {
    allow: (c) => (c.agency === 'BPBD' && WORKERS.includes(c.role)) || c.role === 'LEADERSHIP',
    body: () => ({ type: 'kekeringan', severity: 'SEDANG', kecamatan: ['35.13.99'], description: 'uji' }),
    refusedAfterCheck: true,
  },
  'GET /incidents/{id}': {
    allow: reads,
    targets: incidentTarget,
  },
  'GET /incidents/{id}/sitreps': { allow: reads, targets: incidentTarget },
  'POST /incidents/{id}/status': {
    allow: commands,
    targets: incidentTarget,
    body: () => ({ status: 'TRANSISI_DARURAT', reason: 'Uji matriks' }),
  },
  'POST /incidents/{id}/agencies': {
    allow: commands,
    targets: incidentTarget,
    body: () => ({ agencyCode: 'DISPENDUKCAPIL', clusters: ['PENGUNGSIAN_LOGISTIK'] }),
  },
  'POST /incidents/{id}/agencies/{agencyCode}/release': {
    allow: commands,
    targets: (f) => incidentTarget(f).map((t) => ({ ...t, params: { ...t.params, agencyCode: 'DLH' } })),
    body: () => ({ reason: 'Tidak ada dampak lingkungan' }),
  },
  'POST /incidents/{id}/tasks': {
    allow: commands,
    targets: incidentTarget,
    body: () => ({ agencyCode: 'DINSOS', title: 'Distribusi air bersih', sla: { amount: 2, unit: 'hours' } }),
  },
  // The command only; 409 after the check (the fixture incident has no sitrep conflict).
  'POST /incidents/{id}/conflicts/resolve': {
    allow: commands,
    targets: incidentTarget,
    body: () => ({ desaCode: '35.13.23.2001', field: 'mengungsi', value: 10, note: 'Uji matriks' }),
    refusedAfterCheck: true,
  },
  // Read access to the incident first (403 for an OPD not in it), then the sitrep: an unknown one is a 404 for
  // every reader. That only its own OPD corrects a sitrep is tested in test/emergency.e2e.spec.ts.
  'POST /incidents/{id}/sitreps/{taskId}/corrections': {
    allow: reads,
    targets: (f) => incidentTarget(f).map((t) => ({ ...t, params: { ...t.params, taskId: UNKNOWN } })),
    body: () => ({ values: { narasi: 'uji' }, reason: 'Uji matriks' }),
    refusedAfterCheck: true,
  },
  // The same for closing a partly received request: read access, then 404 for an unknown request.
  'POST /incidents/{id}/requests/{requestId}/close': {
    allow: reads,
    targets: (f) => incidentTarget(f).map((t) => ({ ...t, params: { ...t.params, requestId: UNKNOWN } })),
    body: () => ({ reason: 'Sisanya tidak diperlukan lagi' }),
    refusedAfterCheck: true,
  },
  // Staff and heads of a mobilised OPD ask each other (the workflow's validator checks it).
  'POST /incidents/{id}/requests': {
    allow: (c, rel) => rel !== 'foreign' && WORKERS.includes(c.role),
    targets: incidentTarget,
    body: (_f, c) => ({
      toAgencyCode: c?.agency === 'DPUPR' ? 'DINSOS' : 'DPUPR',
      item: 'mobil tangki air bersih',
      quantity: 1,
      unit: 'unit',
    }),
  },

  // --- Satu Data ------------------------------------------------------------------------------------------
  'POST /data/indicators': {
    allow: roles('WALIDATA', 'ADMIN'),
    body: () => ({ code: 'x' }),
    refusedAfterCheck: true,
  },
  // No indicator: 400 after the role check.
  'POST /data/requests': {
    allow: roles('WALIDATA', 'LEAD'),
    body: () => ({ title: 'uji', indicators: ['TIDAK_ADA'], period: '2025', areas: ['35.13'] }),
    refusedAfterCheck: true,
  },
  'GET /data/requests': { allow: signedIn },
  'GET /data/conflicts': { allow: signedIn },
  'POST /data/conflicts/{id}/resolve': {
    allow: roles('WALIDATA'),
    params: unknownId,
    body: () => ({ value: 1, reasoning: 'uji' }),
    refusedAfterCheck: true,
  },
  'GET /data/reconciliations': { allow: signedIn },
  'GET /data/reconciliations/{id}': {
    allow: signedIn,
    params: unknownId,
    refusedAfterCheck: true,
  },
  'POST /data/reconciliations/{id}/decisions': {
    allow: roles('WALIDATA'),
    params: unknownId,
    body: () => ({ decisions: [{ conflictId: UNKNOWN, value: 1 }], reasoning: 'uji' }),
    refusedAfterCheck: true,
  },
  'POST /data/figures/revisions': {
    allow: roles('WALIDATA'),
    body: () => ({ indicator: 'TIDAK_ADA', area: '35.13', period: '2025', value: 1, reason: 'uji' }),
    refusedAfterCheck: true,
  },
  'GET /data/figures/revisions': { allow: signedIn },
  'GET /data/overview': { allow: roles('LEADERSHIP', 'WALIDATA', 'ADMIN') },
  'GET /data/incidents/held': { allow: roles('WALIDATA') },
  'POST /data/incidents/{id}/publish': {
    allow: roles('WALIDATA'),
    params: unknownId,
    refusedAfterCheck: true,
  },
  // An unknown indicator: 400 after the role check, so no Temporal Schedule is made.
  'POST /data/collections': {
    allow: roles('WALIDATA', 'LEAD'),
    body: () => ({
      name: 'uji',
      indicators: ['TIDAK_ADA'],
      areas: ['35.13'],
      periodicity: 'MONTHLY',
      deadlineWorkingDays: 5,
    }),
    refusedAfterCheck: true,
  },
  'GET /data/collections': { allow: roles('WALIDATA', 'LEAD') },
  'GET /data/collections/{id}': {
    allow: roles('WALIDATA', 'LEAD'),
    params: unknownId,
    refusedAfterCheck: true,
  },
  'POST /data/collections/{id}/pause': {
    allow: roles('WALIDATA', 'LEAD'),
    params: unknownId,
    body: () => ({ note: 'uji' }),
    refusedAfterCheck: true,
  },
  'POST /data/collections/{id}/resume': {
    allow: roles('WALIDATA', 'LEAD'),
    params: unknownId,
    body: () => ({ note: 'uji' }),
    refusedAfterCheck: true,
  },
  'POST /data/collections/{id}/trigger': {
    allow: roles('WALIDATA', 'LEAD'),
    params: unknownId,
    body: () => ({}),
    refusedAfterCheck: true,
  },

  // --- Musrenbang planning (RKPD) ------------------------------------------------------------------------
  'GET /planning/topics': { allow: signedIn },
  'GET /planning/years': { allow: signedIn },
  'GET /planning/years/{year}': { allow: signedIn, params: (f) => ({ year: String(f.planning.year) }) },
  // The fixture's year again: 409 after the check (BAPPEDA's LEAD or Kepala, or an admin), nothing starts.
  'POST /planning/years': {
    allow: (c) => c.role === 'ADMIN' || (c.agency === 'BAPPEDA' && ['LEAD', 'AGENCY_HEAD'].includes(c.role)),
    body: (f) => ({ year: f.planning.year, stages: f.planning.stages }),
    refusedAfterCheck: true,
  },
  // The same calendar (no date moves): the year's managers only.
  'PATCH /planning/years/{year}/stages': {
    allow: (c) => c.role === 'ADMIN' || (c.agency === 'BAPPEDA' && ['LEAD', 'AGENCY_HEAD'].includes(c.role)),
    params: (f) => ({ year: String(f.planning.year) }),
    body: (f) => ({ stages: f.planning.stages }),
  },
  // The staff or head of a kecamatan office, for its own kecamatan only (the Tiris office: not for Tongas).
  'POST /planning/years/{year}/proposals': {
    allow: (c, rel) => rel === 'own' && WORKERS.includes(c.role),
    targets: kecamatanTargets,
    body: (_f, c, p) => ({
      kecamatan: p['kecamatan'],
      desa: p['desa'],
      title: `Usulan uji matriks dari ${nameOf(c)}`,
      problem: 'Jalan poros desa rusak berat sepanjang dua kilometer.',
      proposedActivity: 'Pengaspalan ulang jalan poros desa.',
      topic: 'jalan-jembatan',
      priority: 1,
    }),
  },
  // Every signed-in user: the list shows only what the caller may see.
  'GET /planning/years/{year}/proposals': {
    allow: signedIn,
    params: (f) => ({ year: String(f.planning.year) }),
  },
  // Its kecamatan, the OPDs it is routed to (none yet), BAPPEDA, leadership and admins.
  'GET /planning/years/{year}/proposals/{id}': { allow: reads, targets: proposalTarget },
  // BAPPEDA (staff too) or an admin; the proposal is not unowned (it has a topic): 409 after the check.
  'POST /planning/years/{year}/proposals/{id}/assign': {
    allow: (c) =>
      c.role === 'ADMIN' || (c.agency === 'BAPPEDA' && ['LEAD', 'AGENCY_HEAD', 'STAFF'].includes(c.role)),
    targets: proposalTarget,
    body: () => ({ agencies: ['DPUPR'] }),
    refusedAfterCheck: true,
  },
  'GET /planning/years/{year}/overview': {
    allow: (c) => c.agency === 'BAPPEDA' || c.role === 'LEADERSHIP' || c.role === 'ADMIN',
    params: (f) => ({ year: String(f.planning.year) }),
  },

  // --- joint policy drafts --------------------------------------------------------------------------------
  // A LEAD or a Kepala OPD starts a draft for its own OPD (reviewed by another OPD and the legal section).
  'POST /policy-drafts': {
    allow: roles('LEAD', 'AGENCY_HEAD'),
    body: (f, c) => ({
      kind: 'SOP',
      title: `Rancangan uji matriks ${f.tag} ${nameOf(c)}`,
      reviewers: [c?.agency === 'DINKES' ? 'DINSOS' : 'DINKES'],
    }),
  },
  'GET /policy-drafts': { allow: signedIn },
  'GET /policy-drafts/{id}': { allow: reads, targets: policyTarget },
  'GET /policy-drafts/{id}/timeline': { allow: reads, targets: policyTarget },
  // No such file: 400 after the check (only the drafting OPD's LEAD or Kepala uploads).
  'POST /policy-drafts/{id}/versions': {
    allow: draftsIt,
    targets: policyTarget,
    body: () => ({ attachmentId: UNKNOWN, note: 'Uji matriks' }),
    refusedAfterCheck: true,
  },
  // The Sekda and the Bupati sign (not the Wakil Bupati); no paraf yet, so 409 after the check.
  'POST /policy-drafts/{id}/sign-off': {
    allow: (c) => c.role === 'LEADERSHIP' && ['SEKDA', 'BUPATI'].includes(c.office ?? ''),
    targets: policyTarget,
    body: () => ({ decision: 'SIGNED' }),
    refusedAfterCheck: true,
  },
  // Ends the draft: after the other writes.
  'POST /policy-drafts/{id}/withdraw': {
    allow: draftsIt,
    targets: policyTarget,
    body: () => ({ reason: 'Uji matriks otorisasi' }),
    last: true,
  },

  // --- citizen reports (SP4N-LAPOR! style) and transparency ---------------------------------------------
  'GET /public/reports/categories': { allow: signedIn, public: true },
  'GET /public/reports/areas': { allow: signedIn, public: true },
  'GET /public/reports/challenge': { allow: signedIn, public: true },
  // Anyone files (the challenge, not a token, decides): each probe a report of its own, multipart.
  'POST /public/reports': {
    allow: signedIn,
    public: true,
    body: (f, c) =>
      reportForm(f.challenge, {
        category: 'jalan',
        desaCode: ANDUNGBIRU,
        description: `Jalan berlubang di depan balai desa (uji matriks, ${nameOf(c)}).`,
      }),
  },
  'GET /public/reports/{trackingNumber}': {
    allow: signedIn,
    public: true,
    params: (f) => ({ trackingNumber: f.report.trackingNumber }),
  },
  'GET /public/transparency': { allow: signedIn, public: true },
  'GET /citizen-reports': { allow: signedIn },
  // The handling OPD, the desk and admins; leadership reads without personal data.
  'GET /citizen-reports/{id}': { allow: readsReport, targets: reportTarget },
  'GET /citizen-reports/{id}/photo': { allow: handlesReport, targets: reportTarget },
  // Progress notes (not final) first: each allowed caller publishes one.
  'POST /citizen-reports/{id}/answers': {
    allow: handlesReport,
    targets: reportTarget,
    body: () => ({ text: 'Laporan sedang kami periksa di lapangan.', final: false }),
  },
  // The first allowed caller answers it (final); the report is then answered: 409 for the rest.
  'POST /citizen-reports/{id}/triage': {
    allow: handlesReport,
    targets: reportTarget,
    body: () => ({ action: 'answer', text: 'Jalan sudah ditambal oleh DPUPR.' }),
  },

  // --- acting officials -----------------------------------------------------------------------------------
  'GET /acting-appointments': { allow: signedIn },
  // Who could stand in for DINKES's Kepala: whoever appoints to that post (an admin, DINKES's Kepala).
  'GET /acting-appointments/candidates': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes("DINKES's Kepala post", () => ({})),
    query: 'post=AGENCY_HEAD&agencyCode=DINKES',
  },
  // A Plt. for DINKES's Kepala post, far in the future (never in force): an admin, or DINKES's own Kepala.
  'POST /acting-appointments': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes("DINKES's Kepala post", () => ({})),
    body: (f, c) => ({
      post: 'AGENCY_HEAD',
      agencyCode: 'DINKES',
      title: 'PLH',
      actingUserId: f.staffId,
      startsOn: `2097-0${(DEMO.findIndex((d) => d.username === c?.username) % 9) + 1}-01`,
      endsOn: `2097-0${(DEMO.findIndex((d) => d.username === c?.username) % 9) + 1}-05`,
      reason: 'Uji matriks',
    }),
  },
  'POST /acting-appointments/{id}/end': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes("a Plh. of DINKES's Kepala", (f) => ({ id: f.appointmentId })),
    body: () => ({ reason: 'Uji matriks' }),
    last: true,
  },

  // --- administration -------------------------------------------------------------------------------------
  'GET /admin/agencies': { allow: roles('ADMIN') },
  'POST /admin/agencies': {
    allow: roles('ADMIN'),
    body: (f, c) => ({
      code: `M${f.tag}${DEMO.indexOf(c!)}`.toUpperCase(),
      name: 'Dinas Uji',
      kind: 'DINAS',
    }),
  },
  'PATCH /admin/agencies/{id}': {
    allow: roles('ADMIN'),
    params: (f) => ({ id: f.agencyId }),
    body: () => ({ name: 'Dinas Uji Matriks' }),
  },
  'POST /admin/agencies/{id}/deactivate': {
    allow: roles('ADMIN'),
    params: (f) => ({ id: f.agencyId }),
    body: () => ({}),
    last: true,
  },
  'GET /admin/users': { allow: roles('ADMIN', 'AGENCY_HEAD') },
  'POST /admin/users': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes('a STAFF account of DINKES', () => ({})),
    body: (f, c) => ({
      username: `matriks.${f.tag}.${DEMO.indexOf(c!)}`,
      fullName: 'Pegawai Baru',
      role: 'STAFF',
      agencyCode: 'DINKES',
    }),
  },
  'GET /admin/users/import-template.xlsx': { allow: roles('ADMIN', 'AGENCY_HEAD') },
  // No file: 400 for whoever may import.
  'POST /admin/users/import': { allow: roles('ADMIN', 'AGENCY_HEAD'), refusedAfterCheck: true },
  'GET /admin/users/{id}': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes('a STAFF account of DINKES', (f) => ({ id: f.staffId })),
  },
  'PATCH /admin/users/{id}': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes('a STAFF account of DINKES', (f) => ({ id: f.staffId })),
    body: () => ({ position: 'Perawat Pelaksana' }),
  },
  'POST /admin/users/{id}/reset-password': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes('a STAFF account of DINKES', (f) => ({ id: f.staffId })),
  },
  'POST /admin/users/{id}/deactivate': {
    allow: (c, rel) => c.role === 'ADMIN' || (c.role === 'AGENCY_HEAD' && rel === 'own'),
    targets: ofDinkes('a STAFF account of DINKES', (f) => ({ id: f.staffId })),
    last: true,
  },
  'GET /admin/notification-deliveries': { allow: roles('ADMIN') },
  'POST /admin/notification-deliveries/{id}/retry': {
    allow: roles('ADMIN'),
    params: unknownId,
    refusedAfterCheck: true,
  },
  // An impossible date: 400 after the role check, no digest goes out.
  'POST /admin/digests': {
    allow: roles('ADMIN'),
    body: () => ({ date: '2099-02-30' }),
    refusedAfterCheck: true,
  },

  // --- the Temporal UI's payload codec (operators: ADMIN) ------------------------------------------------
  'POST /codec/decode': { allow: roles('ADMIN'), body: () => ({ payloads: [] }) },
  'POST /codec/encode': { allow: roles('ADMIN'), body: () => ({ payloads: [] }) },
  // A sign-in: the credentials decide (an operator's here), not the caller's token.
  'POST /codec/session': {
    allow: signedIn,
    public: true,
    body: () => ({ username: 'admin', password: process.env.GOTONG_TEST_PASSWORD }),
    notRefusedOnly: true,
  },
  // Ends the session it is sent with (the codec's cookie or the bearer token): last, with a token of its own.
  'POST /codec/logout': { allow: signedIn, public: true, notRefusedOnly: true, ownToken: true, final: true },
};

// ---------------------------------------------------------------------------------------------------------
// The run

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Probe {
  operation: string;
  method: Method;
  path: string;
  params: Record<string, string>;
  caller: Caller;
  relation: Relation | null;
  allowed: boolean;
  row: Row;
}
interface Outcome {
  probe: Probe;
  status: number;
  body: string;
}

describe('the generated authorisation matrix: every operation × role × OPD relation (real stack)', () => {
  let stack: Stack;
  const tokens = new Map<string, string>();
  let f: Fixture;
  let operations: { key: string; method: Method; path: string }[];

  async function call(
    method: Method,
    path: string,
    token: string | undefined,
    body?: unknown,
    stream = false,
  ) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 30_000);
    // A form goes as multipart (fetch sets the content type with its boundary), anything else as JSON.
    const form = body instanceof FormData;
    try {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined && !form ? { 'content-type': 'application/json' } : {}),
        },
        body: form ? body : body !== undefined ? JSON.stringify(body) : undefined,
        signal: abort.signal,
      });
      // An open event stream never ends: its status is all there is to judge.
      if (stream && res.ok) {
        abort.abort();
        return { status: res.status, text: '' };
      }
      return { status: res.status, text: await res.text() };
    } finally {
      clearTimeout(timer);
    }
  }

  async function as(username: string, method: Method, path: string, body?: unknown) {
    const res = await call(method, path, tokens.get(username), body);
    if (res.status >= 300) throw new Error(`${username} ${method} ${path}: ${res.status} ${res.text}`);
    return JSON.parse(res.text || 'null');
  }

  beforeAll(async () => {
    const tag = randomBytes(3).toString('hex');
    // Every caller reads the open routes and files reports from this one address: limits of this file's own,
    // counted under a Redis prefix of its own (other files' counters for the address stay as they are).
    process.env.PUBLIC_RATE_LIMIT = '100000';
    process.env.CITIZEN_REPORT_RATE_LIMIT = '1000';
    process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX ?? 'gotong-test:'}matrix-${tag}:`;
    stack = await startStack();
    tokens.set(KECAMATAN_STAFF, (await stack.createStaff('KEC-TIRIS', { username: KECAMATAN_STAFF })).token);
    await Promise.all(
      DEMO.filter((d) => !tokens.has(d.username)).map(async (d) =>
        tokens.set(d.username, await stack.login(d.username)),
      ),
    );
    const db = stack.db;
    const agencyOf = async (code: string) => (await db.agency.findUniqueOrThrow({ where: { code } })).id;
    const [dinkes, bappeda] = await Promise.all([agencyOf('DINKES'), agencyOf('BAPPEDA')]);
    const userIds = Object.fromEntries(
      (await db.user.findMany({ where: { username: { in: DEMO.map((d) => d.username) } } })).map((u) => [
        u.username,
        u.id,
      ]),
    );

    // Projects P (DINKES, DINSOS) and Q (DPUPR), two-second SLAs: escalated at level 1 within seconds.
    const sla = { amount: 2, unit: 'seconds' };
    const [P, Q] = await Promise.all(
      [['DINKES', 'DINSOS'], ['DPUPR']].map(
        async (agencyCodes) =>
          (await as('lead.bappeda', 'POST', '/projects', { title: `matriks ${tag}`, agencyCodes, sla }))
            .id as string,
      ),
    );
    // The drought: BPBD declares, seven OPDs are mobilised (not waited for until the end of the setup).
    const incident = await as('staff.bpbd', 'POST', '/incidents', {
      type: 'kekeringan',
      severity: 'SEDANG',
      kecamatan: [TONGAS],
      description: `matriks ${tag}`,
    });
    const escalated = (projectId: string, code: string) =>
      eventually(async () => {
        const task = await db.task.findFirst({
          where: { projectId, agency: { code }, escalationLevel: 1 },
          select: { id: true, escalations: { where: { status: 'OPEN', level: 1 }, select: { id: true } } },
        });
        return task && task.escalations[0]
          ? { task: task.id, escalation: task.escalations[0].id }
          : undefined;
      });
    const [d, s, p] = await Promise.all([
      escalated(P!, 'DINKES'),
      escalated(P!, 'DINSOS'),
      escalated(Q!, 'DPUPR'),
    ]);

    // staff.dinkes's notification; a DINKES staff account; a fresh OPD; a future Plh. appointment.
    const notification = await db.notification.create({
      data: {
        key: `matriks:${tag}`,
        userId: userIds['staff.dinkes']!,
        kind: 'TASK_ASSIGNED',
        title: 'Uji matriks',
        body: 'Uji matriks',
      },
    });
    const staff = await db.user.create({
      data: {
        username: `matriks.${tag}`,
        fullName: 'Staf Uji Matriks',
        role: 'STAFF',
        agencyId: dinkes,
        passwordHash: await hash(randomBytes(12).toString('hex')),
      },
    });
    const agency = await db.agency.create({
      data: { code: `MATRIKS-${tag.toUpperCase()}`, name: 'Dinas Uji', kind: 'DINAS' },
    });
    const appointment = await db.actingAppointment.create({
      data: {
        postKind: 'AGENCY_HEAD',
        agencyId: dinkes,
        title: 'PLH',
        actingUserId: staff.id,
        startsOn: new Date('2098-01-05'),
        endsOn: new Date('2098-01-09'),
        reason: 'Uji matriks',
        appointedById: userIds['admin']!,
      },
    });
    // This file's own template (BAPPEDA's), a copy of a seeded one: new versions of it touch nothing else.
    const seeded = await db.template.findFirstOrThrow({
      where: { code: 'percepatan-penurunan-stunting' },
      orderBy: { version: 'desc' },
    });
    const templateCode = `matriks-${tag}`;
    const templateDefinition = { ...(seeded.definition as Record<string, unknown>), code: templateCode };
    await db.template.create({
      data: {
        code: templateCode,
        version: 1,
        name: seeded.name,
        description: seeded.description,
        category: seeded.category,
        definition: templateDefinition as never,
        ownerAgencyId: bappeda,
      },
    });

    // Issue #18. A planning year no other file of the run takes (a taken one answers 409: the next), its stages
    // all ahead so that nothing routes during the run, and the Tiris office's proposal in it.
    let year = 2040 + (randomBytes(1)[0]! % 40);
    for (;;) {
      const opened = await call('POST', '/planning/years', tokens.get('lead.bappeda'), {
        year,
        stages: planningStages(year),
      });
      if (opened.status === 201) break;
      if (opened.status !== 409) throw new Error(`planning year ${year}: ${opened.status} ${opened.text}`);
      year += 1;
    }
    const proposal = await as(KECAMATAN_STAFF, 'POST', `/planning/years/${year}/proposals`, {
      kecamatan: TIRIS,
      desa: ANDUNGBIRU,
      title: `Pelebaran jalan poros desa (matriks ${tag})`,
      problem: 'Jalan poros desa sempit dan rusak.',
      proposedActivity: 'Pelebaran dan pengaspalan jalan poros desa.',
      topic: 'jalan-jembatan',
      priority: 1,
    });
    // BAPPEDA's draft, reviewed by DINKES (and the legal section, always).
    const draft = await as('lead.bappeda', 'POST', '/policy-drafts', {
      kind: 'PERBUP',
      title: `Rancangan Perbup uji matriks ${tag}`,
      reviewers: ['DINKES'],
    });
    // A road report with a photo, filed as a citizen files it.
    const challenge = async () => {
      const res = await call('GET', '/public/reports/challenge', undefined);
      if (res.status !== 200) throw new Error(`challenge: ${res.status} ${res.text}`);
      const { token, questionEn } = JSON.parse(res.text) as { token: string; questionEn: string };
      return { token, answer: solve(questionEn) };
    };
    const form = await reportForm(
      challenge,
      {
        category: 'jalan',
        desaCode: ANDUNGBIRU,
        description: `Jalan poros desa berlubang dan membahayakan pengendara (matriks ${tag}).`,
        reporterName: 'Warga Uji Matriks',
        reporterContact: '081234567890',
      },
      TINY_PNG,
    );
    const filed = await call('POST', '/public/reports', undefined, form);
    if (filed.status !== 201) throw new Error(`citizen report: ${filed.status} ${filed.text}`);
    const { trackingNumber } = JSON.parse(filed.text) as { trackingNumber: string };
    const report = await eventually(
      async () =>
        (await db.citizenReport.findUnique({ where: { trackingNumber }, select: { id: true } })) ?? undefined,
    );

    await eventually(
      async () => (await db.incidentAgency.count({ where: { incidentId: incident.id } })) === 7,
    );
    f = {
      tag,
      projects: { P: P!, Q: Q! },
      tasks: { dinkes: d.task, dinsos: s.task, dpupr: p.task },
      escalations: { dinkes: d.escalation, dinsos: s.escalation, dpupr: p.escalation },
      incidentId: incident.id,
      notificationId: notification.id,
      staffId: staff.id,
      agencyId: agency.id,
      appointmentId: appointment.id,
      holiday: `2097-${String(1 + (randomBytes(1)[0]! % 12)).padStart(2, '0')}-${String(1 + (randomBytes(1)[0]! % 28)).padStart(2, '0')}`,
      templateCode,
      templateDefinition,
      userIds,
      planning: { year, stages: planningStages(year), proposalId: proposal.id as string },
      policyDraftId: draft.id as string,
      report: { id: report.id, trackingNumber },
      challenge,
    };

    const doc = (await (await fetch(`${stack.baseUrl}/docs/json`)).json()) as {
      paths: Record<string, object>;
    };
    operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase() as Method, path })),
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('probes every role of libs/domain/src/roles.ts', () => {
    expect([...new Set(DEMO.map((d) => d.role))].sort()).toEqual([...ROLES].sort());
  });

  it('has one row per operation of the OpenAPI document, and no row without an operation', () => {
    const keys = operations.map((o) => o.key);
    expect(keys.filter((k) => !(k in ROWS))).toEqual([]);
    expect(Object.keys(ROWS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('refuses whom it must (401/403/404, never 2xx), lets in whom it must, and never answers 5xx', async () => {
    const probes: Probe[] = [];
    for (const op of operations) {
      const row = ROWS[op.key];
      if (!row) continue;
      const targets: (Target | null)[] = row.targets ? row.targets(f) : [null];
      for (const target of targets) {
        const params = target?.params ?? row.params?.(f) ?? {};
        let path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
          const value = params[name];
          if (value === undefined) throw new Error(`${op.key}: no value for {${name}}`);
          return encodeURIComponent(value);
        });
        if (row.query) path += `?${row.query}`;
        for (const caller of CALLERS) {
          const relation = caller && target ? target.relation(caller) : null;
          const allowed = caller === null ? row.public === true : row.allow(caller, relation ?? 'foreign');
          probes.push({ operation: op.key, method: op.method, path, params, caller, relation, allowed, row });
        }
      }
    }

    const outcomes: Outcome[] = [];
    const send = async (probe: Probe) => {
      const { row, caller } = probe;
      let token = caller ? tokens.get(caller.username) : undefined;
      if (caller && row.ownToken && probe.allowed) token = await stack.login(caller.username);
      const body = row.body
        ? await row.body(f, caller, probe.params)
        : probe.method === 'GET' || probe.method === 'DELETE'
          ? undefined
          : {};
      const res = await call(probe.method, probe.path, token, body, row.stream === true);
      outcomes.push({ probe, status: res.status, body: res.text.slice(0, 300) });
    };
    // 1. Every refusal, on the fixture as it was set up (in parallel, a few at a time).
    const refused = probes.filter((p) => !p.allowed);
    for (let i = 0; i < refused.length; i += 8) await Promise.all(refused.slice(i, i + 8).map(send));
    // 2. The allowed reads; 3. the allowed writes in the order of ROWS, the ones that end things last.
    const allowed = probes.filter((p) => p.allowed);
    const reads = allowed.filter((p) => p.method === 'GET');
    for (let i = 0; i < reads.length; i += 8) await Promise.all(reads.slice(i, i + 8).map(send));
    const writes = allowed.filter((p) => p.method !== 'GET');
    const order = Object.keys(ROWS);
    const rank = (p: Probe) => (p.row.final ? 2 : p.row.last ? 1 : 0);
    writes.sort((a, b) => rank(a) - rank(b) || order.indexOf(a.operation) - order.indexOf(b.operation));
    for (const probe of writes) await send(probe);

    const problems: string[] = [];
    for (const { probe, status, body } of outcomes) {
      const who = `${probe.method} ${probe.path} as ${nameOf(probe.caller)}${probe.relation ? ` (${probe.relation})` : ''}`;
      if (status >= 500) problems.push(`${who}: ${status} (server error) ${body}`);
      else if (!probe.allowed) {
        if (probe.caller === null ? status !== 401 : ![403, 404].includes(status))
          problems.push(
            `${who}: ${status}, expected a refusal (${probe.caller ? '403/404' : '401'}) ${body}`,
          );
      } else if ([401, 403].includes(status)) {
        problems.push(`${who}: ${status}, expected to be let in ${body}`);
      } else if (probe.row.refusedAfterCheck) {
        if (status < 400) problems.push(`${who}: ${status}, expected a 4xx after the permission check`);
      } else if (status === 404 && !probe.row.notRefusedOnly) {
        problems.push(`${who}: 404 on an object that exists ${body}`);
      } else if (probe.method === 'GET' && !probe.row.notRefusedOnly && (status < 200 || status >= 300)) {
        problems.push(`${who}: ${status}, expected 2xx ${body}`);
      }
    }
    const count = (test: (o: Outcome) => boolean) => outcomes.filter(test).length;
    console.log(
      [
        `authorisation matrix: ${operations.length} operations, ${outcomes.length} probes`,
        `refused probes: ${refused.length} (unauthorised 2xx: ${count((o) => !o.probe.allowed && o.status < 300)})`,
        `allowed probes: ${allowed.length} (refused: ${count((o) => o.probe.allowed && [401, 403].includes(o.status))})`,
        `5xx: ${count((o) => o.status >= 500)}; mismatches: ${problems.length}`,
      ].join('\n'),
    );
    expect(problems).toEqual([]);
  }, 600_000);
});
