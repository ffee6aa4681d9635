/**
 * A Musrenbang proposal (usulan) as a kecamatan office enters it, and the rule it is judged by (the API, and the
 * routing activity before it starts the OPDs' decisions). Pure.
 */
import { kecamatanRefusal, villageRefusal } from '../region';
import { PLANNING_TOPIC_KEYS } from './topics';

export interface ProposalInput {
  /** Kode wilayah of the kecamatan whose Musrenbang agreed the proposal, e.g. 35.13.07. */
  kecamatan: string;
  /** Kode wilayah of the desa or kelurahan the proposal is for; it lies in the kecamatan. */
  desa: string;
  title: string;
  /** The problem the desa faces (permasalahan). */
  problem: string;
  /** What the desa proposes to do about it (usulan kegiatan). */
  proposedActivity: string;
  /** A key of PLANNING_TOPICS. */
  topic: string;
  /** The kecamatan's ranking: 1 is its most urgent proposal. */
  priority: number;
}

export const PROPOSAL_TITLE_MAX = 200;
export const PROPOSAL_TEXT_MAX = 2000;
export const MAX_PROPOSAL_PRIORITY = 100;

function textProblem(field: string, value: unknown, max: number): string[] {
  if (typeof value !== 'string' || value.trim().length < 3)
    return [`${field}: must be at least 3 characters`];
  if (value.trim().length > max) return [`${field}: must be at most ${max} characters`];
  return [];
}

/** Every problem with a proposal, each naming its field ('desa: ...'). */
export function proposalProblems(input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const kecamatan = input['kecamatan'];
  const kecamatanOk = typeof kecamatan === 'string' && kecamatanRefusal(kecamatan) === null;
  if (!kecamatanOk) {
    problems.push(
      `kecamatan: ${typeof kecamatan === 'string' ? kecamatanRefusal(kecamatan) : 'is required (kode wilayah such as 35.13.07)'}`,
    );
  }
  const desa = input['desa'];
  if (typeof desa !== 'string' || desa.trim() === '') {
    problems.push('desa: is required (kode wilayah such as 35.13.07.2001)');
  } else {
    const refusal = villageRefusal(desa, kecamatanOk ? kecamatan : undefined);
    if (refusal !== null) problems.push(`desa: ${refusal}`);
  }
  problems.push(...textProblem('title', input['title'], PROPOSAL_TITLE_MAX));
  problems.push(...textProblem('problem', input['problem'], PROPOSAL_TEXT_MAX));
  problems.push(...textProblem('proposedActivity', input['proposedActivity'], PROPOSAL_TEXT_MAX));
  const topic = input['topic'];
  if (typeof topic !== 'string' || !PLANNING_TOPIC_KEYS.includes(topic)) {
    problems.push(`topic: must be one of ${PLANNING_TOPIC_KEYS.join(', ')}`);
  }
  const priority = input['priority'];
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < 1 ||
    priority > MAX_PROPOSAL_PRIORITY
  ) {
    problems.push(`priority: must be a whole number from 1 to ${MAX_PROPOSAL_PRIORITY}`);
  }
  return problems;
}
