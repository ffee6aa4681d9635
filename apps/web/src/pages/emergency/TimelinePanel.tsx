import { useTranslation } from 'react-i18next';
import type { IncidentDashboard } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { timelineLine, timelineText, type WithTimeline } from '../../emergency/timeline';

/** What happened in the incident, in order, each with its reason (corrections, resolutions, releases…). */
export function TimelinePanel({ incident }: { incident: IncidentDashboard & WithTimeline }) {
  const { i18n } = useTranslation();
  const entries = incident.timeline ?? [];
  return (
    <section className="card" aria-labelledby="incident-timeline-title">
      <h2 id="incident-timeline-title">{timelineText(i18n.language, 'timeline')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{timelineText(i18n.language, 'noEvents')}</p>
      ) : (
        <ol className="timeline" data-testid="incident-timeline">
          {entries.map((entry, index) => (
            <li
              key={`${entry.at}-${entry.action}-${index}`}
              className="timeline-item"
              data-action={entry.action}
            >
              <DateTime value={entry.at} /> — {timelineLine(entry, i18n.language)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
