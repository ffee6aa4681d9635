/**
 * Seed data for Kabupaten Probolinggo (kode wilayah 35.13). The kecamatan, and the desa and kelurahan seeded
 * into "area", come from the reference data in libs/domain/src/region (Kepmendagri No. 300.2.2-2138 Tahun
 * 2025); this file only adds the OPDs and names the kecamatan offices (agency codes KEC-<NAMA>).
 */
import type { AgencyKind } from '@gotong/database/generated/prisma/enums';
import { KECAMATAN_AREAS } from '@gotong/domain/region';

export const KABUPATEN = { code: '35.13', name: 'Kabupaten Probolinggo', seat: 'Kraksaan' } as const;

/** The 24 kecamatan with the decree's codes, in code order. */
export const KECAMATAN: ReadonlyArray<{ code: string; name: string }> = KECAMATAN_AREAS.map(
  ({ code, name }) => ({
    code,
    name,
  }),
);

export const OPD: ReadonlyArray<{ code: string; name: string; kind: AgencyKind }> = [
  { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah', kind: 'BADAN' },
  { code: 'BPBD', name: 'Badan Penanggulangan Bencana Daerah', kind: 'BADAN' },
  { code: 'DINKES', name: 'Dinas Kesehatan', kind: 'DINAS' },
  { code: 'DINSOS', name: 'Dinas Sosial', kind: 'DINAS' },
  { code: 'DISPENDIK', name: 'Dinas Pendidikan', kind: 'DINAS' },
  { code: 'DPUPR', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'DINAS' },
  { code: 'DISHUB', name: 'Dinas Perhubungan', kind: 'DINAS' },
  { code: 'DISKOMINFO', name: 'Dinas Komunikasi dan Informatika', kind: 'DINAS' },
  { code: 'DISPENDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', kind: 'DINAS' },
  { code: 'DPMD', name: 'Dinas Pemberdayaan Masyarakat dan Desa', kind: 'DINAS' },
  {
    code: 'DP3AP2KB',
    name: 'Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan KB',
    kind: 'DINAS',
  },
  { code: 'DLH', name: 'Dinas Lingkungan Hidup', kind: 'DINAS' },
  { code: 'SATPOLPP', name: 'Satuan Polisi Pamong Praja', kind: 'SATUAN' },
  { code: 'BKD', name: 'Badan Keuangan Daerah', kind: 'BADAN' },
  { code: 'INSPEKTORAT', name: 'Inspektorat', kind: 'INSPEKTORAT' },
  { code: 'SETDA', name: 'Sekretariat Daerah', kind: 'SEKRETARIAT' },
  // #18 policy: the legal section of the Setda (Bagian Hukum), reviewer of every policy draft.
  { code: 'SETDA-HUKUM', name: 'Bagian Hukum Sekretariat Daerah', kind: 'SEKRETARIAT' },
];

/** Agency code of a kecamatan office, e.g. KEC-TONGAS. */
export function kecamatanAgencyCode(name: string): string {
  return `KEC-${name.toUpperCase()}`;
}
