/**
 * An OPD corrects its submitted sitrep: the rules the API and the incident workflow judge a correction by.
 */
import { type FormSchema, validateContribution } from '../form-schema';
import { worksForAgency } from '../permissions';
import { type Actor } from '../roles';

/** The longest reason a correction (or a conflict resolution's note) may carry. */
export const CORRECTION_REASON_MAX = 1000;

/** Why a reason is refused (blank or too long), naming the field; null when it is acceptable. */
export function reasonProblem(field: string, reason: unknown): string | null {
  if (typeof reason !== 'string' || reason.trim() === '') return `${field}: a reason is required`;
  if (reason.trim().length > CORRECTION_REASON_MAX)
    return `${field}: at most ${CORRECTION_REASON_MAX} characters`;
  return null;
}

/** Who corrects an OPD's sitrep: the staff or the head of that OPD (as who sent it). */
export function correctsSitrepOf(actor: Pick<Actor, 'role' | 'agencyId'>, agencyId: string): boolean {
  return worksForAgency(actor, agencyId);
}

export type SitrepCorrectionCheck =
  { ok: true; values: Record<string, unknown>; reason: string } | { ok: false; problems: string[] };

/**
 * A correction's values, judged against the sitrep form as a submission is (every problem, named
 * `values.<field>`), and its reason. On success the values are normalised as a submission's are and the reason
 * trimmed. A correction restates the sitrep: the figures it gives replace the OPD's earlier ones for the same
 * desa and field (the roll-up counts each OPD's latest figure).
 */
export function checkSitrepCorrection(
  form: FormSchema,
  correction: { values: unknown; reason: unknown },
): SitrepCorrectionCheck {
  const problems: string[] = [];
  const reason = reasonProblem('reason', correction.reason);
  if (reason) problems.push(reason);
  const checked = validateContribution(form, correction.values);
  if (!checked.ok) problems.push(...checked.errors.map((e) => `values.${e.field}: ${e.message}`));
  if (!checked.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, values: checked.values, reason: (correction.reason as string).trim() };
}

/**
 * Which of an OPD's sitreps may be corrected: only its latest one sent (a correction of an older one would
 * override figures the OPD has reported since). `sent` are the OPD's sent sitreps of the incident with the
 * instant each was sent. Null when `taskId` is that latest one; else why not.
 */
export function correctableSitrepRefusal(
  taskId: string,
  sent: readonly { taskId: string; sentAt: number }[],
): string | null {
  if (!sent.some((s) => s.taskId === taskId)) return 'only a sitrep that was sent can be corrected';
  const latest = [...sent].sort((a, b) => b.sentAt - a.sentAt)[0]!;
  if (latest.taskId !== taskId) return "only the OPD's latest sitrep can be corrected";
  return null;
}
