/**
 * The response protocol as data (BNPB cluster model): the clusters of a response, the matrix incident type →
 * clusters → OPDs, and who is mobilised for an incident.
 */
import { deepFreeze } from './collections';
import { type IncidentType, isIncidentType } from './incident-types';

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
