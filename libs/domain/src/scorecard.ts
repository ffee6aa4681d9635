/** OPD performance over a period, from completed tasks, open tasks, reassignments and escalations. Pure. */
export interface OpdScorecard {
  agencyCode: string;
  agencyName: string;
  completed: number;
  completedOnTime: number;
  /** completedOnTime / completed, null when nothing was completed. */
  onTimeRate: number | null;
  /** Median hours from assignment to acceptance, null when nothing was completed. */
  medianHoursToComplete: number | null;
  openOverdue: number;
  reassignmentsAway: number;
  escalationsReceived: number;
  escalationsByLevel: Record<1 | 2 | 3, number>;
  /** Deadlines of the OPD's tasks extended in the period (each by someone outside the OPD, with a reason). */
  deadlinesExtended: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ScorecardInput {
  agencies: { id: string; code: string; name: string }[];
  completedTasks: { agencyId: string; createdAt: Date; dueAt: Date; completedAt: Date }[];
  openOverdueTasks: { agencyId: string }[];
  reassignments: { fromAgencyId: string }[];
  escalations: { agencyId: string; level: number }[];
  /** One entry per deadline extended in the period, for the OPD holding the task. Optional: none. */
  extensions?: { agencyId: string }[];
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export function buildScorecards(input: ScorecardInput): OpdScorecard[] {
  return input.agencies.map((agency) => {
    const done = input.completedTasks.filter((t) => t.agencyId === agency.id);
    const onTime = done.filter((t) => t.completedAt.getTime() <= t.dueAt.getTime()).length;
    const hours = done.map((t) => (t.completedAt.getTime() - t.createdAt.getTime()) / 3_600_000);
    const escalations = input.escalations.filter((e) => e.agencyId === agency.id);
    const med = median(hours);
    return {
      agencyCode: agency.code,
      agencyName: agency.name,
      completed: done.length,
      completedOnTime: onTime,
      onTimeRate: done.length === 0 ? null : round(onTime / done.length, 3),
      medianHoursToComplete: med === null ? null : round(med, 2),
      openOverdue: input.openOverdueTasks.filter((t) => t.agencyId === agency.id).length,
      reassignmentsAway: input.reassignments.filter((r) => r.fromAgencyId === agency.id).length,
      escalationsReceived: escalations.length,
      escalationsByLevel: {
        1: escalations.filter((e) => e.level === 1).length,
        2: escalations.filter((e) => e.level === 2).length,
        3: escalations.filter((e) => e.level === 3).length,
      },
      deadlinesExtended: (input.extensions ?? []).filter((e) => e.agencyId === agency.id).length,
    };
  });
}
