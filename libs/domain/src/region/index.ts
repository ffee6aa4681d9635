/**
 * The regency's areas as reference data (docs/domain.md, "Region data"): the kabupaten, its kecamatan and
 * their desa and kelurahan, keyed by Kemendagri kode wilayah (wilayah-35-13.ts names the decree). Pure:
 * the API, the workflows' validators and the web app judge an area code with the same functions.
 */
import { KABUPATEN_PROBOLINGGO_AREA, KECAMATAN_ROWS, WILAYAH_DECREE } from './wilayah-35-13';

export { KABUPATEN_PROBOLINGGO_AREA, WILAYAH_DECREE };

export type AreaLevel = 'KABUPATEN' | 'KECAMATAN' | 'DESA' | 'KELURAHAN';

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  /** The area it lies in: the kecamatan of a desa, the kabupaten of a kecamatan; null for the kabupaten. */
  parentCode: string | null;
}

function build(): Area[] {
  const areas: Area[] = [{ ...KABUPATEN_PROBOLINGGO_AREA, level: 'KABUPATEN', parentCode: null }];
  for (const kecamatan of KECAMATAN_ROWS) {
    areas.push({
      code: kecamatan.code,
      name: kecamatan.name,
      level: 'KECAMATAN',
      parentCode: KABUPATEN_PROBOLINGGO_AREA.code,
    });
    for (const [suffix, name] of kecamatan.villages) {
      areas.push({
        code: `${kecamatan.code}.${suffix}`,
        name,
        level: suffix.startsWith('1') ? 'KELURAHAN' : 'DESA',
        parentCode: kecamatan.code,
      });
    }
  }
  return areas;
}

/** Every area of the regency: the kabupaten first, then each kecamatan followed by its villages. */
export const AREAS: readonly Area[] = Object.freeze(build().map((a) => Object.freeze(a)));
const BY_CODE = new Map(AREAS.map((a) => [a.code, a]));

export function areaByCode(code: string): Area | undefined {
  return BY_CODE.get(code);
}

export const KECAMATAN_AREAS: readonly Area[] = AREAS.filter((a) => a.level === 'KECAMATAN');

/** The desa and kelurahan of one kecamatan, in code order; empty for an unknown kecamatan. */
export function villagesOf(kecamatanCode: string): Area[] {
  return AREAS.filter((a) => a.parentCode === kecamatanCode && a.level !== 'KECAMATAN');
}

/** Why a village code is not acceptable where a desa of `kecamatanCode` (if given) is expected, or null. */
export function villageRefusal(code: string, kecamatanCode?: string): string | null {
  const area = BY_CODE.get(code);
  if (!area || (area.level !== 'DESA' && area.level !== 'KELURAHAN')) {
    return `${code} is not a desa or kelurahan of Kabupaten Probolinggo`;
  }
  if (kecamatanCode !== undefined && area.parentCode !== kecamatanCode) {
    const kecamatan = BY_CODE.get(kecamatanCode);
    return `${code} (${area.name}) does not lie in ${kecamatan ? `Kecamatan ${kecamatan.name}` : kecamatanCode}`;
  }
  return null;
}

/** Areas whose name contains the text (case- and space-insensitive), kecamatan before villages. */
export function searchAreas(text: string): Area[] {
  const wanted = text.toLowerCase().replace(/\s+/g, '');
  if (wanted === '') return [];
  return AREAS.filter(
    (a) => a.level !== 'KABUPATEN' && a.name.toLowerCase().replace(/\s+/g, '').includes(wanted),
  );
}

/** The name of an area ('Tongas Wetan', 'Tongas', 'Kabupaten Probolinggo'), or null for an unknown code. */
export function areaName(code: string): string | null {
  return BY_CODE.get(code)?.name ?? null;
}

/** Why a code is not acceptable where a kecamatan of the regency is expected, or null. */
export function kecamatanRefusal(code: string): string | null {
  return BY_CODE.get(code)?.level === 'KECAMATAN'
    ? null
    : `${code} is not a kecamatan of Kabupaten Probolinggo`;
}

/**
 * Why a village code is not acceptable where a desa of one of `kecamatanCodes` is expected, or null. With one
 * kecamatan it is villageRefusal(code, kecamatan); an empty list asks only that the village exists.
 */
export function villageRefusalWithin(code: string, kecamatanCodes: readonly string[]): string | null {
  if (kecamatanCodes.length === 1) return villageRefusal(code, kecamatanCodes[0]);
  const refusal = villageRefusal(code);
  if (refusal !== null || kecamatanCodes.length === 0) return refusal;
  const area = BY_CODE.get(code)!;
  if (kecamatanCodes.includes(area.parentCode!)) return null;
  const names = kecamatanCodes.map((k) => BY_CODE.get(k)?.name ?? k).join(', ');
  return `${code} (${area.name}) does not lie in the kecamatan ${names}`;
}

/** What a selection of areas (data requests) comes to: its desa and kelurahan, and their kecamatan. */
export interface AreaSelection {
  /** Desa and kelurahan codes, sorted, without duplicates. */
  villages: string[];
  /** Kecamatan codes, sorted, without duplicates: those named, and those of the villages named. */
  kecamatan: string[];
  /** One message per code that is not an area of the regency. */
  problems: string[];
}

/**
 * Expands a selection of areas: the kabupaten (35.13) stands for every kecamatan and village of the regency,
 * a kecamatan for itself and all its villages, a desa or kelurahan for itself (and its kecamatan).
 */
export function expandAreaSelection(codes: readonly string[]): AreaSelection {
  const villages = new Set<string>();
  const kecamatan = new Set<string>();
  const problems: string[] = [];
  for (const code of codes) {
    const area = BY_CODE.get(code);
    if (!area) {
      problems.push(`${code} is not an area of Kabupaten Probolinggo`);
    } else if (area.level === 'KABUPATEN') {
      for (const k of KECAMATAN_AREAS) kecamatan.add(k.code);
      for (const a of AREAS) if (a.level === 'DESA' || a.level === 'KELURAHAN') villages.add(a.code);
    } else if (area.level === 'KECAMATAN') {
      kecamatan.add(area.code);
      for (const v of villagesOf(area.code)) villages.add(v.code);
    } else {
      villages.add(area.code);
      kecamatan.add(area.parentCode!);
    }
  }
  return { villages: [...villages].sort(), kecamatan: [...kecamatan].sort(), problems };
}
