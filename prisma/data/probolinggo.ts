/**
 * Seed data for Kabupaten Probolinggo (kode wilayah 35.13).
 * KNOWN WRONG: the kecamatan codes below are in BPS order, not the Kemendagri kode wilayah of
 * Kepmendagri No. 300.2.2-2138 Tahun 2025 (18 of the 24 differ; see docs/domain.md, "Region data").
 * The go-live issue replaces them with the decree's codes and adds the 325 desa and 5 kelurahan.
 */
import type { AgencyKind } from '@gotong/database/generated/prisma/enums';

export const KABUPATEN = { code: '35.13', name: 'Kabupaten Probolinggo', seat: 'Kraksaan' } as const;

export const KECAMATAN: ReadonlyArray<{ code: string; name: string }> = [
  { code: '35.13.01', name: 'Sukapura' },
  { code: '35.13.02', name: 'Sumber' },
  { code: '35.13.03', name: 'Kuripan' },
  { code: '35.13.04', name: 'Bantaran' },
  { code: '35.13.05', name: 'Leces' },
  { code: '35.13.06', name: 'Tegalsiwalan' },
  { code: '35.13.07', name: 'Banyuanyar' },
  { code: '35.13.08', name: 'Tiris' },
  { code: '35.13.09', name: 'Krucil' },
  { code: '35.13.10', name: 'Gading' },
  { code: '35.13.11', name: 'Pakuniran' },
  { code: '35.13.12', name: 'Kotaanyar' },
  { code: '35.13.13', name: 'Paiton' },
  { code: '35.13.14', name: 'Besuk' },
  { code: '35.13.15', name: 'Kraksaan' },
  { code: '35.13.16', name: 'Krejengan' },
  { code: '35.13.17', name: 'Pajarakan' },
  { code: '35.13.18', name: 'Maron' },
  { code: '35.13.19', name: 'Gending' },
  { code: '35.13.20', name: 'Dringu' },
  { code: '35.13.21', name: 'Wonomerto' },
  { code: '35.13.22', name: 'Lumbang' },
  { code: '35.13.23', name: 'Tongas' },
  { code: '35.13.24', name: 'Sumberasih' },
];

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
];

/** Agency code of a kecamatan office, e.g. KEC-TONGAS. */
export function kecamatanAgencyCode(name: string): string {
  return `KEC-${name.toUpperCase()}`;
}
