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
