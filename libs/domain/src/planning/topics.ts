/**
 * Musrenbang topics (bidang usulan) and who decides a proposal of each: a topic names responsibilities of the
 * responsibility matrix (../responsibility.ts), which name the OPDs. A topic with several responsibilities is a
 * cross-OPD programme (stunting convergence): every OPD named commits its own activity. `lainnya` names none:
 * BAPPEDA assigns such a proposal to OPDs by hand. Pure.
 */
import { RESPONSIBILITIES } from '../responsibility';

export interface PlanningTopic {
  key: string;
  /** Indonesian label shown to staff. */
  label: string;
  /** Keys of RESPONSIBILITIES; empty for `lainnya`. */
  responsibilities: readonly string[];
}

export const PLANNING_TOPICS: readonly PlanningTopic[] = Object.freeze([
  { key: 'jalan-jembatan', label: 'Jalan dan jembatan', responsibilities: ['infrastruktur-jalan'] },
  { key: 'irigasi', label: 'Irigasi dan sumber daya air', responsibilities: ['sumber-daya-air'] },
  {
    key: 'air-bersih-sanitasi',
    label: 'Air bersih dan sanitasi',
    responsibilities: ['sumber-daya-air', 'lingkungan-hidup'],
  },
  {
    // Konvergensi percepatan penurunan stunting (Perpres 72/2021): layanan kesehatan, keluarga berisiko
    // (DP3AP2KB) and desa funds (DPMD) each commit their part.
    key: 'stunting',
    label: 'Konvergensi percepatan penurunan stunting',
    responsibilities: ['layanan-kesehatan', 'keluarga-berencana', 'pemberdayaan-desa'],
  },
  { key: 'kesehatan', label: 'Pelayanan kesehatan', responsibilities: ['layanan-kesehatan'] },
  { key: 'pendidikan', label: 'Pendidikan', responsibilities: ['pendidikan'] },
  { key: 'perlindungan-sosial', label: 'Perlindungan sosial', responsibilities: ['perlindungan-sosial'] },
  {
    key: 'lingkungan-hidup',
    label: 'Lingkungan hidup dan persampahan',
    responsibilities: ['lingkungan-hidup'],
  },
  {
    key: 'pemberdayaan-desa',
    label: 'Pemberdayaan masyarakat desa',
    responsibilities: ['pemberdayaan-desa'],
  },
  { key: 'perhubungan', label: 'Perhubungan dan lalu lintas', responsibilities: ['lalu-lintas'] },
  {
    key: 'administrasi-kependudukan',
    label: 'Administrasi kependudukan',
    responsibilities: ['administrasi-kependudukan'],
  },
  { key: 'lainnya', label: 'Lainnya (ditetapkan Bappeda)', responsibilities: [] },
]);

export const PLANNING_TOPIC_KEYS: readonly string[] = PLANNING_TOPICS.map((t) => t.key);

export function planningTopic(key: string): PlanningTopic | undefined {
  return PLANNING_TOPICS.find((t) => t.key === key);
}

/** The OPDs (agency codes, without duplicates, in the topic's order) that decide a proposal of the topic. */
export function topicAgencies(key: string): string[] {
  const topic = planningTopic(key);
  if (!topic) return [];
  const codes = topic.responsibilities.map((r) => RESPONSIBILITIES[r]?.agency).filter((c) => c !== undefined);
  return [...new Set(codes)];
}

/** The most OPDs BAPPEDA may assign one proposal to. */
export const MAX_ASSIGNED_AGENCIES = 6;

/**
 * Who decides a proposal: the OPDs BAPPEDA assigned, when it did, else those of the topic. Empty: unowned.
 */
export function proposalAgencies(topic: string, assigned: readonly string[]): string[] {
  return assigned.length > 0 ? [...new Set(assigned)] : topicAgencies(topic);
}
