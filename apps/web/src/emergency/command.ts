/**
 * The choices of the incident command's actions (pages/emergency/CommandPanel): which OPDs may still be
 * mobilised, which may be given a task or released. Pure.
 */
import { COMMAND_AGENCY } from '@gotong/domain/emergency';
import type { Agency, IncidentAgency } from '../api/types';

/** OPDs at work in the incident (mobilised and not released), by name: they get tasks, or are released. */
export function mobilisedAgencies(agencies: readonly IncidentAgency[]): IncidentAgency[] {
  return agencies.filter((a) => !a.releasedAt).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Active OPDs not at work in the incident, by name: those may be mobilised (a released OPD may be
 * mobilised again).
 */
export function agenciesToMobilise(
  agencies: readonly Agency[],
  incidentAgencies: readonly IncidentAgency[],
): Agency[] {
  const atWork = new Set(mobilisedAgencies(incidentAgencies).map((a) => a.code));
  return agencies.filter((a) => a.active && !atWork.has(a.code)).sort((a, b) => a.name.localeCompare(b.name));
}

/** OPDs the command may release: those at work, but never the command itself. */
export function releasableAgencies(agencies: readonly IncidentAgency[]): IncidentAgency[] {
  return mobilisedAgencies(agencies).filter((a) => a.code !== COMMAND_AGENCY);
}
