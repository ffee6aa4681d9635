/**
 * The responsibility matrix, kept as data: which OPD carries a standing
 * responsibility (budget, planning, data custody, disaster command, ...).
 * Templates name a responsibility instead of an OPD where the owner is a
 * function of government rather than a fixed office, or depends on where the
 * project happens (the kecamatan of the location). Pure.
 */
import { KODE_KECAMATAN_PATTERN } from './form-schema';

/** A step's owner: an agency code like 'DINKES', or a responsibility resolved through the matrix below. */
export type StepOwner = { agency: string } | { responsibility: string };

export interface Responsibility {
  /** Indonesian label shown to staff. */
  label: string;
  /** The OPD that carries it, by agency code. */
  agency?: string;
  /** Resolved per project from this parameter: the kecamatan office of the project's kecamatan (kode wilayah). */
  fromParameter?: 'kecamatan';
}

/** Exactly one of agency / fromParameter per entry. */
export const RESPONSIBILITIES: Readonly<Record<string, Readonly<Responsibility>>> = Object.freeze({
  'kecamatan-lokasi': { label: 'Kecamatan lokasi kegiatan', fromParameter: 'kecamatan' },
  anggaran: { label: 'Pengelola keuangan dan anggaran daerah', agency: 'BKD' },
  perencanaan: { label: 'Perencanaan pembangunan daerah', agency: 'BAPPEDA' },
  walidata: { label: 'Walidata: data satu pintu, verifikasi dan rekonsiliasi data', agency: 'BAPPEDA' },
  'komando-bencana': { label: 'Komando tanggap darurat bencana', agency: 'BPBD' },
  'informasi-publik': { label: 'Informasi dan publikasi kepada masyarakat', agency: 'DISKOMINFO' },
  'infrastruktur-jalan': { label: 'Jalan, jembatan dan sarana prasarana umum', agency: 'DPUPR' },
  'lalu-lintas': { label: 'Manajemen dan rekayasa lalu lintas', agency: 'DISHUB' },
  'perlindungan-sosial': { label: 'Perlindungan dan jaminan sosial', agency: 'DINSOS' },
  'layanan-kesehatan': { label: 'Pelayanan kesehatan masyarakat', agency: 'DINKES' },
  'administrasi-kependudukan': { label: 'Administrasi kependudukan (NIK, KK)', agency: 'DISPENDUKCAPIL' },
  'pemberdayaan-desa': { label: 'Pembinaan pemerintahan dan keuangan desa', agency: 'DPMD' },
  'ketertiban-umum': { label: 'Ketertiban umum dan ketenteraman masyarakat', agency: 'SATPOLPP' },
  'pengawasan-internal': { label: 'Pengawasan internal pemerintah daerah', agency: 'INSPEKTORAT' },
  'koordinasi-daerah': { label: 'Koordinasi penyelenggaraan pemerintahan daerah', agency: 'SETDA' },
  // #18 planning: the owners of Musrenbang topics (libs/domain/src/planning/topics.ts).
  // (pendidikan and lingkungan-hidup: below, shared with #18 citizen)
  'sumber-daya-air': { label: 'Sumber daya air, irigasi dan air minum', agency: 'DPUPR' },
  'keluarga-berencana': {
    label: 'Pemberdayaan perempuan, perlindungan anak, pengendalian penduduk dan keluarga berencana',
    agency: 'DP3AP2KB',
  },
  hukum: { label: 'Bagian Hukum: paraf koordinasi rancangan kebijakan daerah', agency: 'SETDA-HUKUM' }, // #18 policy
  // #18 citizen: the complaint desk (SP4N-LAPOR! admin of the regency) and the OPDs citizen reports go to.
  'pengaduan-masyarakat': { label: 'Pengelola pengaduan masyarakat (SP4N-LAPOR!)', agency: 'DISKOMINFO' },
  'lingkungan-hidup': { label: 'Lingkungan hidup dan persampahan', agency: 'DLH' },
  pendidikan: { label: 'Penyelenggaraan pendidikan', agency: 'DISPENDIK' },
});

/** The keys of RESPONSIBILITIES, for TemplateContext.responsibilities. */
export const RESPONSIBILITY_KEYS: ReadonlySet<string> = new Set(Object.keys(RESPONSIBILITIES));

/**
 * The OPD that owns a step in a given project. params are the project's
 * parameter values (kecamatan as a kode wilayah like '35.13.08');
 * kecamatanAgencyByAreaCode maps a kecamatan kode wilayah to its office's
 * agency code, e.g. { '35.13.07': 'KEC-TIRIS' }.
 */
export function resolveOwner(
  owner: StepOwner,
  params: Record<string, string>,
  kecamatanAgencyByAreaCode: Record<string, string>,
): { agencyCode: string } | { error: string } {
  if ('agency' in owner && typeof owner.agency === 'string') {
    return owner.agency.trim() === ''
      ? { error: 'step owner has an empty agency code' }
      : { agencyCode: owner.agency };
  }
  if (!('responsibility' in owner) || typeof owner.responsibility !== 'string') {
    return { error: 'step owner must name an agency or a responsibility' };
  }
  const key = owner.responsibility;
  const entry = Object.hasOwn(RESPONSIBILITIES, key) ? RESPONSIBILITIES[key] : undefined;
  if (!entry) return { error: `unknown responsibility "${key}"` };
  if (entry.agency !== undefined) return { agencyCode: entry.agency };
  if (entry.fromParameter === 'kecamatan') {
    const area = Object.hasOwn(params, 'kecamatan') ? params['kecamatan']?.trim() : undefined;
    if (!area) return { error: `responsibility "${key}" needs the project parameter "kecamatan"` };
    if (!KODE_KECAMATAN_PATTERN.test(area)) {
      return { error: `parameter "kecamatan" must be a kode wilayah kecamatan like 35.13.08, not "${area}"` };
    }
    const agencyCode = Object.hasOwn(kecamatanAgencyByAreaCode, area)
      ? kecamatanAgencyByAreaCode[area]
      : undefined;
    if (!agencyCode) return { error: `no kecamatan office is known for kecamatan ${area}` };
    return { agencyCode };
  }
  return { error: `responsibility "${key}" names neither an agency nor a parameter` };
}
