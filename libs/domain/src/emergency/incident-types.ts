/** The kinds of disaster an incident can be declared for. */
import { deepFreeze } from './collections';

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
