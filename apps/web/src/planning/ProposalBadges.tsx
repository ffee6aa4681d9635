import type { ProposalStatus } from './planning-model';
import { usePlanningTexts } from './texts';

const STATUS_BADGE: Record<ProposalStatus, string> = {
  SUBMITTED: 'badge badge-assigned',
  UNOWNED: 'badge badge-returned',
  ROUTED: 'badge badge-submitted',
  ACCEPTED: 'badge badge-completed',
  PARTLY_ACCEPTED: 'badge badge-claimed',
  DECLINED: 'badge badge-returned',
};

/** A proposal's status as a coloured label; data-status keeps the API's value. */
export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  const text = usePlanningTexts();
  return (
    <span className={STATUS_BADGE[status]} data-status={status}>
      {text.status[status]}
    </span>
  );
}

/** "Terlambat" and "Dieskalasi" for a proposal with OPD decisions past their deadline or on the ladder. */
export function ProposalBadges({ late, escalated }: { late: number; escalated: number }) {
  const text = usePlanningTexts();
  return (
    <>
      {late > 0 && <span className="badge badge-overdue">{text.badge.late}</span>}
      {escalated > 0 && <span className="badge badge-escalated">{text.badge.escalated}</span>}
    </>
  );
}
