/**
 * Emergency response (tanggap darurat) as data and pure rules: incident types, the BNPB-style response matrix
 * (incident type → clusters → OPDs), the per-severity acknowledgement/sitrep/escalation policy, the incident
 * status lifecycle, the acknowledgement and sitrep forms, the sitrep roll-up desa → kecamatan → kabupaten and
 * the after-action summary.
 *
 * Pure and deterministic so that Temporal workflow code can import it: no I/O, no clock, no randomness, no
 * Node built-ins. Instants are ISO-8601 strings with an explicit offset ('Z' or '+07:00'); a string without
 * one is refused because its meaning would depend on the machine's time zone.
 */
import { type Sla } from './calendar';
import { type FormField, type FormSchema, KODE_DESA_PATTERN } from './form-schema';
import { type EscalationPolicy } from './template';

// ---------------------------------------------------------------------------------------------------------
// Incident types, severities, clusters

export type IncidentType =
  | 'banjir'
  | 'tanah-longsor'
  | 'kebakaran'
  | 'angin-puting-beliung'
  | 'gempa'
  | 'erupsi'
  | 'kekeringan'
  | 'gelombang-pasang';

export const INCIDENT_TYPES: readonly { code: IncidentType; label: string }[] = deepFreeze([
  { code: 'banjir', label: 'Banjir' },
  { code: 'tanah-longsor', label: 'Tanah longsor' },
  { code: 'kebakaran', label: 'Kebakaran hutan, lahan atau permukiman' },
  { code: 'angin-puting-beliung', label: 'Angin puting beliung' },
  { code: 'gempa', label: 'Gempa bumi' },
  { code: 'erupsi', label: 'Erupsi gunung api' },
  { code: 'kekeringan', label: 'Kekeringan' },
  { code: 'gelombang-pasang', label: 'Gelombang pasang dan abrasi' },
]);

export function isIncidentType(value: unknown): value is IncidentType {
  return typeof value === 'string' && INCIDENT_TYPES.some((t) => t.code === value);
}

export type Severity = 'RINGAN' | 'SEDANG' | 'BERAT';

export const SEVERITIES: readonly Severity[] = Object.freeze(['RINGAN', 'SEDANG', 'BERAT'] as const);

export const SEVERITY_LABELS: Record<Severity, string> = Object.freeze({
  RINGAN: 'Ringan',
  SEDANG: 'Sedang',
  BERAT: 'Berat',
});

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export type Cluster =
  | 'KOMANDO'
  | 'KESEHATAN'
  | 'PENGUNGSIAN_LOGISTIK'
  | 'SARANA_PRASARANA'
  | 'KEAMANAN_KETERTIBAN'
  | 'TRANSPORTASI'
  | 'INFORMASI_PUBLIK'
  | 'PENDIDIKAN'
  | 'LINGKUNGAN'
  | 'KECAMATAN';

/** Every cluster in display order; mobilisationFor lists an OPD's clusters in this order. */
export const CLUSTERS: readonly Cluster[] = Object.freeze([
  'KOMANDO',
  'KESEHATAN',
  'PENGUNGSIAN_LOGISTIK',
  'SARANA_PRASARANA',
  'KEAMANAN_KETERTIBAN',
  'TRANSPORTASI',
  'INFORMASI_PUBLIK',
  'PENDIDIKAN',
  'LINGKUNGAN',
  'KECAMATAN',
] as const);

export const CLUSTER_LABELS: Record<Cluster, string> = Object.freeze({
  KOMANDO: 'Komando tanggap darurat',
  KESEHATAN: 'Kesehatan',
  PENGUNGSIAN_LOGISTIK: 'Pengungsian, perlindungan dan logistik',
  SARANA_PRASARANA: 'Sarana dan prasarana',
  KEAMANAN_KETERTIBAN: 'Keamanan dan ketertiban',
  TRANSPORTASI: 'Transportasi',
  INFORMASI_PUBLIK: 'Informasi publik',
  PENDIDIKAN: 'Pendidikan',
  LINGKUNGAN: 'Lingkungan hidup',
  KECAMATAN: 'Kecamatan terdampak',
});

/** The OPD that commands every response (BNPB cluster model: BPBD leads at kabupaten level). */
export const COMMAND_AGENCY = 'BPBD';

/** Prefix of the agency code of a kecamatan office, e.g. KEC-TONGAS (see prisma/data/probolinggo.ts). */
export const KECAMATAN_AGENCY_PREFIX = 'KEC-';

/**
 * The response matrix as data (BNPB cluster model): incident type → clusters → OPD codes.
 *
 * - KOMANDO is always BPBD.
 * - PENGUNGSIAN_LOGISTIK lists BPBD as well as DINSOS: BPBD's Bidang Kedaruratan dan Logistik runs the
 *   disaster logistics stock, DINSOS the shelters and public kitchens; DP3AP2KB joins where many people are
 *   displaced (protection of women and children in shelters). So BPBD appears once with two clusters.
 * - KEAMANAN_KETERTIBAN is SATPOLPP, which in Kabupaten Probolinggo also holds the fire brigade (Damkar).
 * - KECAMATAN lists no fixed OPD: mobilisationFor fills it with the offices of the affected kecamatan. Any
 *   code listed there would be mobilised in addition.
 */
export const RESPONSE_MATRIX: Record<IncidentType, Partial<Record<Cluster, readonly string[]>>> = deepFreeze({
  banjir: {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD', 'DP3AP2KB'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    PENDIDIKAN: ['DISPENDIK'],
    LINGKUNGAN: ['DLH'],
    KECAMATAN: [],
  },
  'tanah-longsor': {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    KECAMATAN: [],
  },
  kebakaran: {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    LINGKUNGAN: ['DLH'],
    KECAMATAN: [],
  },
  'angin-puting-beliung': {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    PENDIDIKAN: ['DISPENDIK'],
    LINGKUNGAN: ['DLH'],
    KECAMATAN: [],
  },
  gempa: {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD', 'DP3AP2KB'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    PENDIDIKAN: ['DISPENDIK'],
    KECAMATAN: [],
  },
  erupsi: {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD', 'DP3AP2KB'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    PENDIDIKAN: ['DISPENDIK'],
    LINGKUNGAN: ['DLH'],
    KECAMATAN: [],
  },
  kekeringan: {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD'],
    SARANA_PRASARANA: ['DPUPR'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    LINGKUNGAN: ['DLH'],
    KECAMATAN: [],
  },
  'gelombang-pasang': {
    KOMANDO: ['BPBD'],
    KESEHATAN: ['DINKES'],
    PENGUNGSIAN_LOGISTIK: ['DINSOS', 'BPBD'],
    SARANA_PRASARANA: ['DPUPR'],
    KEAMANAN_KETERTIBAN: ['SATPOLPP'],
    TRANSPORTASI: ['DISHUB'],
    INFORMASI_PUBLIK: ['DISKOMINFO'],
    LINGKUNGAN: ['DLH'],
    KECAMATAN: [],
  },
});

/**
 * Who is mobilised for an incident: every OPD of the type's clusters plus the affected kecamatan offices,
 * deduplicated (an OPD in two clusters appears once with both clusters, in CLUSTERS order). BPBD comes
 * first, then the OPDs in the order they first appear walking CLUSTERS, then the kecamatan offices in the
 * order given. An empty list of affected kecamatan is allowed (the caller decides whether an incident needs
 * one). Throws RangeError for an unknown type or an affected code that is not a kecamatan office (KEC-…).
 */
export function mobilisationFor(
  type: IncidentType,
  affectedKecamatanAgencyCodes: readonly string[],
): { agencyCode: string; clusters: Cluster[] }[] {
  if (!isIncidentType(type)) throw new RangeError(`unknown incident type "${String(type)}"`);
  for (const code of affectedKecamatanAgencyCodes) {
    if (!isKecamatanAgencyCode(code)) {
      throw new RangeError(`"${code}" is not a kecamatan office (expected ${KECAMATAN_AGENCY_PREFIX}<NAMA>)`);
    }
  }
  const matrix = RESPONSE_MATRIX[type];
  const byAgency = new Map<string, Cluster[]>();
  const add = (agencyCode: string, cluster: Cluster) => {
    const clusters = byAgency.get(agencyCode);
    if (!clusters) byAgency.set(agencyCode, [cluster]);
    else if (!clusters.includes(cluster)) clusters.push(cluster);
  };
  add(COMMAND_AGENCY, 'KOMANDO');
  for (const cluster of CLUSTERS) {
    const members = matrix[cluster];
    if (members === undefined) continue;
    for (const code of members) add(code, cluster);
    if (cluster === 'KECAMATAN') for (const code of affectedKecamatanAgencyCodes) add(code, cluster);
  }
  return [...byAgency].map(([agencyCode, clusters]) => ({
    agencyCode,
    clusters: CLUSTERS.filter((c) => clusters.includes(c)),
  }));
}

export function isKecamatanAgencyCode(code: string): boolean {
  return /^KEC-[A-Z][A-Z0-9-]*$/.test(code);
}

// ---------------------------------------------------------------------------------------------------------
// Severity policy

/**
 * Per severity: how soon a mobilised OPD must acknowledge, how often it submits a sitrep, and the escalation
 * ladder for a missed acknowledgement or sitrep (level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati; each
 * timeout is how long that level has to act). Calendar units: an emergency runs on a 24/7 calendar.
 * Configurable data: a deployment may replace it.
 */
export const SEVERITY_POLICY: Record<
  Severity,
  { acknowledgeWithin: Sla; sitrepEvery: Sla; escalation: EscalationPolicy }
> = deepFreeze({
  BERAT: {
    acknowledgeWithin: { amount: 15, unit: 'minutes' },
    sitrepEvery: { amount: 6, unit: 'hours' },
    escalation: {
      levels: [
        { level: 1, timeout: { amount: 10, unit: 'minutes' }, repeats: 0 },
        { level: 2, timeout: { amount: 20, unit: 'minutes' }, repeats: 0 },
        { level: 3, timeout: { amount: 30, unit: 'minutes' }, repeats: 0 },
      ],
    },
  },
  SEDANG: {
    acknowledgeWithin: { amount: 30, unit: 'minutes' },
    sitrepEvery: { amount: 12, unit: 'hours' },
    escalation: {
      levels: [
        { level: 1, timeout: { amount: 20, unit: 'minutes' }, repeats: 0 },
        { level: 2, timeout: { amount: 40, unit: 'minutes' }, repeats: 0 },
        { level: 3, timeout: { amount: 60, unit: 'minutes' }, repeats: 0 },
      ],
    },
  },
  RINGAN: {
    acknowledgeWithin: { amount: 60, unit: 'minutes' },
    sitrepEvery: { amount: 24, unit: 'hours' },
    escalation: {
      levels: [
        { level: 1, timeout: { amount: 30, unit: 'minutes' }, repeats: 0 },
        { level: 2, timeout: { amount: 60, unit: 'minutes' }, repeats: 0 },
        { level: 3, timeout: { amount: 120, unit: 'minutes' }, repeats: 0 },
      ],
    },
  },
});

// ---------------------------------------------------------------------------------------------------------
// Incident status

export type IncidentStatus = 'SIAGA_DARURAT' | 'TANGGAP_DARURAT' | 'TRANSISI_DARURAT' | 'CLOSED';

/** In lifecycle order. */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = Object.freeze([
  'SIAGA_DARURAT',
  'TANGGAP_DARURAT',
  'TRANSISI_DARURAT',
  'CLOSED',
] as const);

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = Object.freeze({
  SIAGA_DARURAT: 'Siaga darurat',
  TANGGAP_DARURAT: 'Tanggap darurat',
  TRANSISI_DARURAT: 'Transisi darurat ke pemulihan',
  CLOSED: 'Ditutup',
});

export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Null when the status may change from `from` to `to`, else the reason. Forward along siaga → tanggap →
 * transisi → closed, skipping allowed (siaga → closed when the threat passes, tanggap → closed). Never
 * backwards, except transisi → tanggap (a new wave). A closed incident stays closed; a change to the same
 * status is refused.
 */
export function statusTransitionRefusal(from: IncidentStatus, to: IncidentStatus): string | null {
  if (!isIncidentStatus(from)) return `unknown status "${String(from)}"`;
  if (!isIncidentStatus(to)) return `unknown status "${String(to)}"`;
  if (from === to) return `the incident is already in status ${INCIDENT_STATUS_LABELS[to]}`;
  if (from === 'CLOSED') return 'the incident is closed and cannot be reopened; declare a new incident';
  if (from === 'TRANSISI_DARURAT' && to === 'TANGGAP_DARURAT') return null;
  if (INCIDENT_STATUSES.indexOf(to) > INCIDENT_STATUSES.indexOf(from)) return null;
  return `cannot go back from ${INCIDENT_STATUS_LABELS[from]} to ${INCIDENT_STATUS_LABELS[to]}`;
}

// ---------------------------------------------------------------------------------------------------------
// Forms

export const ACKNOWLEDGEMENT_FORM: FormSchema = deepFreeze({
  fields: [
    {
      key: 'siap',
      label: 'Siap dikerahkan',
      type: 'boolean',
      required: true,
      help: 'OPD menerima mobilisasi dan siap bergerak',
    },
    {
      key: 'personelDikerahkan',
      label: 'Personel dikerahkan',
      type: 'integer',
      required: false,
      unit: 'orang',
      min: 0,
    },
    { key: 'posKomando', label: 'Pos komando / titik kumpul', type: 'text', required: false },
    { key: 'catatan', label: 'Catatan', type: 'longtext', required: false },
  ],
});

/** The numeric fields of a sitrep, each reported per desa. */
export const SITREP_FIELDS: readonly { key: string; label: string; unit: string }[] = deepFreeze([
  { key: 'terdampak', label: 'Warga terdampak', unit: 'jiwa' },
  { key: 'mengungsi', label: 'Warga mengungsi', unit: 'jiwa' },
  { key: 'lukaLuka', label: 'Luka-luka', unit: 'jiwa' },
  { key: 'meninggal', label: 'Meninggal dunia', unit: 'jiwa' },
  { key: 'hilang', label: 'Hilang', unit: 'jiwa' },
  { key: 'rumahRusakRingan', label: 'Rumah rusak ringan', unit: 'unit' },
  { key: 'rumahRusakSedang', label: 'Rumah rusak sedang', unit: 'unit' },
  { key: 'rumahRusakBerat', label: 'Rumah rusak berat', unit: 'unit' },
  { key: 'posPengungsian', label: 'Pos pengungsian dibuka', unit: 'lokasi' },
  { key: 'fasilitasUmumRusak', label: 'Fasilitas umum rusak', unit: 'unit' },
]);

export const SITREP_FORM: FormSchema = deepFreeze({
  fields: [
    ...SITREP_FIELDS.map((f): FormField => ({
      key: f.key,
      label: f.label,
      type: 'integer',
      required: false,
      unit: f.unit,
      min: 0,
      perArea: 'desa',
    })),
    {
      key: 'narasi',
      label: 'Situasi terkini',
      type: 'longtext',
      required: true,
      help: 'Uraian singkat situasi, upaya yang sudah dilakukan dan kendala',
    },
    { key: 'kebutuhan', label: 'Kebutuhan mendesak', type: 'longtext', required: false },
  ],
});

// ---------------------------------------------------------------------------------------------------------
// Sitrep figures and roll-up

export interface SitrepFigure {
  agencyCode: string;
  /** Kode wilayah desa, e.g. '35.13.23.2001'. */
  desaCode: string;
  /** A SITREP_FIELDS key. */
  field: string;
  value: number;
  /** ISO-8601 with offset. */
  reportedAt: string;
}

/**
 * The figures of one sitrep whose values passed validateContribution(SITREP_FORM, …): one per field and desa,
 * in SITREP_FIELDS order then desa code order. Non-numeric values are skipped.
 */
export function sitrepFigures(
  agencyCode: string,
  values: Readonly<Record<string, unknown>>,
  reportedAt: string,
): SitrepFigure[] {
  parseInstant(reportedAt, 'reportedAt');
  const figures: SitrepFigure[] = [];
  for (const { key } of SITREP_FIELDS) {
    const perDesa = values[key];
    if (typeof perDesa !== 'object' || perDesa === null || Array.isArray(perDesa)) continue;
    for (const [desaCode, value] of Object.entries(perDesa as Record<string, unknown>).sort(byKey)) {
      if (typeof value === 'number' && Number.isFinite(value)) {
        figures.push({ agencyCode, desaCode, field: key, value, reportedAt });
      }
    }
  }
  return figures;
}

export interface RollUp {
  /** desa code → field → figure */
  desa: Record<string, Record<string, number>>;
  /** kecamatan code → field → sum over its desa */
  kecamatan: Record<string, Record<string, number>>;
  /** field → sum over everything */
  kabupaten: Record<string, number>;
  /** One entry per desa and field where the OPDs' latest figures disagree; reports sorted by agencyCode. */
  conflicts: {
    desaCode: string;
    field: string;
    reports: { agencyCode: string; value: number; reportedAt: string }[];
  }[];
}

/** '35.13.23.2001' → '35.13.23'. Throws RangeError when desaCode is not a kode wilayah desa. */
export function kecamatanOf(desaCode: string): string {
  if (!KODE_DESA_PATTERN.test(desaCode)) {
    throw new RangeError(`"${desaCode}" is not a kode wilayah desa (e.g. 35.13.23.2001)`);
  }
  return desaCode.slice(0, 8);
}

/**
 * Rolls sitrep figures up desa → kecamatan → kabupaten.
 *
 * - Per OPD, desa and field only the latest figure counts (by reportedAt; on an equal reportedAt the one
 *   later in `figures` wins, i.e. arrival order).
 * - OPDs that report the same figure for a desa and field count once (never summed across OPDs: two OPDs
 *   counting the same displaced people are the same people).
 * - When their latest figures disagree the cell is flagged in `conflicts` (every OPD's figure, for the
 *   walidata / command to reconcile) and the roll-up takes the HIGHEST of them: the conservative figure for
 *   response planning (better one tent too many than a family without one) until the conflict is resolved.
 * - Kecamatan and kabupaten figures are sums of the desa figures. Keys are in code order.
 *
 * Throws RangeError for an invalid desa code, reportedAt or value.
 */
export function rollUpSitreps(figures: readonly SitrepFigure[]): RollUp {
  // desa → field → agency → latest figure
  type Latest = { value: number; at: number; reportedAt: string };
  const latest = new Map<string, Map<string, Map<string, Latest>>>();
  for (const figure of figures) {
    kecamatanOf(figure.desaCode);
    if (typeof figure.value !== 'number' || !Number.isFinite(figure.value)) {
      throw new RangeError(`figure ${figure.field} for ${figure.desaCode} must be a finite number`);
    }
    const at = parseInstant(figure.reportedAt, 'reportedAt');
    const byField = getOrCreate(latest, figure.desaCode, () => new Map<string, Map<string, Latest>>());
    const byAgency = getOrCreate(byField, figure.field, () => new Map<string, Latest>());
    const previous = byAgency.get(figure.agencyCode);
    if (previous === undefined || at >= previous.at) {
      byAgency.set(figure.agencyCode, { value: figure.value, at, reportedAt: figure.reportedAt });
    }
  }

  const rollUp: RollUp = { desa: {}, kecamatan: {}, kabupaten: {}, conflicts: [] };
  for (const desaCode of [...latest.keys()].sort()) {
    const byField = latest.get(desaCode)!;
    const kecamatanCode = kecamatanOf(desaCode);
    const desaFigures: Record<string, number> = {};
    const kecamatanFigures = (rollUp.kecamatan[kecamatanCode] ??= {});
    for (const field of [...byField.keys()].sort()) {
      const reports = [...byField.get(field)!].sort(byKey);
      const values = reports.map(([, r]) => r.value);
      const value = Math.max(...values);
      if (new Set(values).size > 1) {
        rollUp.conflicts.push({
          desaCode,
          field,
          reports: reports.map(([agencyCode, r]) => ({
            agencyCode,
            value: r.value,
            reportedAt: r.reportedAt,
          })),
        });
      }
      desaFigures[field] = value;
      kecamatanFigures[field] = (kecamatanFigures[field] ?? 0) + value;
      rollUp.kabupaten[field] = (rollUp.kabupaten[field] ?? 0) + value;
    }
    rollUp.desa[desaCode] = desaFigures;
  }
  rollUp.kecamatan = sortKeys(rollUp.kecamatan);
  rollUp.kabupaten = sortKeys(rollUp.kabupaten);
  for (const code of Object.keys(rollUp.kecamatan))
    rollUp.kecamatan[code] = sortKeys(rollUp.kecamatan[code]!);
  return rollUp;
}

/** The figures known at instant `at` (reportedAt ≤ at): rollUpSitreps of this gives the picture at that time. */
export function figuresAsOf(figures: readonly SitrepFigure[], at: string): SitrepFigure[] {
  const limit = parseInstant(at, 'at');
  return figures.filter((f) => parseInstant(f.reportedAt, 'reportedAt') <= limit);
}

// ---------------------------------------------------------------------------------------------------------
// After-action summary

export type ResourceRequestStatus = 'REQUESTED' | 'COMMITTED' | 'SENT' | 'RECEIVED' | 'REFUSED' | 'CANCELLED';

/**
 * Statuses of a request whose need was not met by the end of the incident: still open (requested, committed,
 * sent but not received) or REFUSED (a refusal leaves the need unmet). RECEIVED is met; CANCELLED was
 * withdrawn by the requester (the need went away or was met otherwise), so it is not counted.
 */
export const UNMET_REQUEST_STATUSES: readonly ResourceRequestStatus[] = Object.freeze([
  'REQUESTED',
  'COMMITTED',
  'SENT',
  'REFUSED',
] as const);

export interface AfterActionInput {
  declaredAt: string;
  closedAt: string;
  opd: {
    agencyCode: string;
    mobilisedAt: string;
    acknowledgedAt: string | null;
    sitreps: { dueAt: string; submittedAt: string | null }[];
    escalations: number;
  }[];
  requests: {
    id: string;
    fromAgency: string;
    toAgency: string;
    item: string;
    status: ResourceRequestStatus;
  }[];
  figures: readonly SitrepFigure[];
}

export interface AfterActionSummary {
  durationMinutes: number;
  opd: {
    agencyCode: string;
    minutesToAcknowledge: number | null;
    minutesToFirstSitrep: number | null;
    sitrepsSubmitted: number;
    sitrepsMissed: number;
    escalations: number;
  }[];
  /** Over all OPDs. */
  totals: {
    opdMobilised: number;
    opdAcknowledged: number;
    sitrepsSubmitted: number;
    sitrepsMissed: number;
    escalations: number;
    requests: number;
    unmetRequests: number;
  };
  unmetRequests: AfterActionInput['requests'];
  finalFigures: RollUp;
}

/**
 * After-action summary, pure. Durations are whole minutes, rounded down (14 min 59 s → 14); a time before
 * its reference (clock skew) counts as 0.
 *
 * - minutesToAcknowledge: mobilisation → acknowledgement, null if never acknowledged.
 * - minutesToFirstSitrep: mobilisation → the earliest submitted sitrep, null if none.
 * - sitrepsSubmitted: sitreps with a submittedAt (late ones included); sitrepsMissed: never submitted and due
 *   at or before closing (one due after closing was not yet owed).
 * - unmetRequests: status in UNMET_REQUEST_STATUSES (REFUSED counts as unmet, CANCELLED does not).
 * - finalFigures: rollUpSitreps of every figure.
 */
export function afterActionSummary(input: AfterActionInput): AfterActionSummary {
  const declared = parseInstant(input.declaredAt, 'declaredAt');
  const closed = parseInstant(input.closedAt, 'closedAt');
  if (closed < declared) throw new RangeError('closedAt must not be before declaredAt');

  const opd = input.opd.map((o) => {
    const mobilised = parseInstant(o.mobilisedAt, `${o.agencyCode}.mobilisedAt`);
    const acknowledged =
      o.acknowledgedAt === null ? null : parseInstant(o.acknowledgedAt, `${o.agencyCode}.acknowledgedAt`);
    let firstSitrep: number | null = null;
    let submitted = 0;
    let missed = 0;
    for (const sitrep of o.sitreps) {
      if (sitrep.submittedAt !== null) {
        const at = parseInstant(sitrep.submittedAt, `${o.agencyCode}.sitreps.submittedAt`);
        submitted += 1;
        if (firstSitrep === null || at < firstSitrep) firstSitrep = at;
      } else if (parseInstant(sitrep.dueAt, `${o.agencyCode}.sitreps.dueAt`) <= closed) {
        missed += 1;
      }
    }
    return {
      agencyCode: o.agencyCode,
      minutesToAcknowledge: acknowledged === null ? null : wholeMinutes(acknowledged - mobilised),
      minutesToFirstSitrep: firstSitrep === null ? null : wholeMinutes(firstSitrep - mobilised),
      sitrepsSubmitted: submitted,
      sitrepsMissed: missed,
      escalations: o.escalations,
    };
  });

  const unmetRequests = input.requests
    .filter((r) => UNMET_REQUEST_STATUSES.includes(r.status))
    .map((r) => ({ ...r }));

  return {
    durationMinutes: wholeMinutes(closed - declared),
    opd,
    totals: {
      opdMobilised: opd.length,
      opdAcknowledged: opd.filter((o) => o.minutesToAcknowledge !== null).length,
      sitrepsSubmitted: sum(opd.map((o) => o.sitrepsSubmitted)),
      sitrepsMissed: sum(opd.map((o) => o.sitrepsMissed)),
      escalations: sum(opd.map((o) => o.escalations)),
      requests: input.requests.length,
      unmetRequests: unmetRequests.length,
    },
    unmetRequests,
    finalFigures: rollUpSitreps(input.figures),
  };
}

// ---------------------------------------------------------------------------------------------------------

const MINUTE_MS = 60_000;

/** ISO-8601 date-time with an explicit offset; seconds and fractions optional. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an ISO instant with offset (Date.parse of such a string is deterministic). */
export function parseInstant(iso: string, what = 'instant'): number {
  const ms = typeof iso === 'string' && ISO_INSTANT.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `${what} must be an ISO-8601 date-time with offset (e.g. 2025-01-31T08:00:00+07:00)`,
    );
  }
  return ms;
}

function wholeMinutes(ms: number): number {
  return Math.max(0, Math.floor(ms / MINUTE_MS));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function byKey<V>(a: readonly [string, V], b: readonly [string, V]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(byKey));
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
