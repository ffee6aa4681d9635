import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types';
import { id } from '../i18n/id';
import { DateTime } from './DateTime';

type AuditAction = Exclude<keyof typeof id.audit, 'unknown' | 'by' | 'level'>;

function isKnownAction(action: string): action is AuditAction {
  return action in id.audit && action === action.toUpperCase();
}

/** Texts worth showing from an event's detail: leadership's instruction, a reason, a review note. */
function detailText(detail: Record<string, unknown>): string | null {
  for (const key of ['instruction', 'note', 'reason', 'summary'] as const) {
    const value = detail[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/** The post a Plt./Plh. acted in, as the audit recorded it: "Plt. Kepala Dinas Kesehatan". */
function actingLabel(detail: Record<string, unknown>): string | null {
  const acting = detail.acting as { label?: unknown } | undefined;
  return typeof acting?.label === 'string' ? acting.label : null;
}

/** The audit trail of a task or project, oldest first, leadership instructions highlighted. */
export function Timeline({ events, empty }: { events: AuditEvent[]; empty: string }) {
  const { t } = useTranslation();
  if (events.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ol className="timeline">
      {events.map((event) => {
        const label = isKnownAction(event.action)
          ? t(`audit.${event.action}`)
          : t('audit.unknown', { action: event.action });
        const text = detailText(event.detail);
        const level = typeof event.detail.level === 'number' ? event.detail.level : null;
        // A person acted ("oleh …", as a Plt./Plh. "oleh … selaku Plt. Kepala …"); otherwise the event only
        // concerns an OPD (e.g. the one assigned).
        const acting = actingLabel(event.detail);
        const actor = event.actorUser
          ? acting
            ? t('acting.by', { name: event.actorUser.fullName, label: acting })
            : t('audit.by', { name: event.actorUser.fullName })
          : (event.actorAgency?.name ?? null);
        return (
          <li
            key={event.id}
            className={
              event.action === 'ESCALATION_ANSWERED' ? 'timeline-item timeline-instruction' : 'timeline-item'
            }
          >
            <p className="timeline-head">
              <strong>{label}</strong>
              {level !== null && ` · ${t('audit.level', { level })}`}
              {actor && ` · ${actor}`}
            </p>
            <p className="timeline-time">
              <DateTime value={event.occurredAt} />
            </p>
            {text && <p className="timeline-text pre-wrap">{text}</p>}
          </li>
        );
      })}
    </ol>
  );
}
