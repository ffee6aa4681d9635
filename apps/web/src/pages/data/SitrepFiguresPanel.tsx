import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, post, query } from '../../api/client';
import type { HeldIncidentFigures, IncidentFiguresPublication } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { ErrorNotice, QueryState } from '../../components/QueryState';

/**
 * The walidata's "Angka sitrep": incidents whose sitrep figures are held, each with a button to publish them
 * once the incident is closed (disabled, with the reason, while it is open) and what the publication did.
 */
export function SitrepFiguresPanel() {
  const { t } = useTranslation();
  const [last, setLast] = useState<Publication | null>(null);
  const held = useQuery({
    queryKey: ['data', 'incidents', 'held'],
    queryFn: () => api<HeldIncidentFigures[]>('/data/incidents/held'),
  });
  return (
    <section aria-labelledby="sitrep-figures-title" className="sitrep-figures">
      <h2 id="sitrep-figures-title">{t('sitrepFigures.title')}</h2>
      <p className="muted">{t('sitrepFigures.intro')}</p>
      <QueryState query={held}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('sitrepFigures.empty')}</p>
          ) : (
            <ul className="list">
              {list.map((incident) => (
                <HeldIncident key={incident.id} incident={incident} onPublished={setLast} />
              ))}
            </ul>
          )
        }
      </QueryState>
      {last && <PublishedNotice done={last} />}
    </section>
  );
}

/** The last publication with its incident's title (the result outlives the row: the incident leaves the list). */
interface Publication {
  title: string;
  result: IncidentFiguresPublication;
}

function HeldIncident({
  incident,
  onPublished,
}: {
  incident: HeldIncidentFigures;
  onPublished: (done: Publication) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const publish = useMutation({
    mutationFn: () => post<IncidentFiguresPublication>(`/data/incidents/${incident.id}/publish`),
    onSuccess: (result) => {
      onPublished({ title: incident.title, result });
      return queryClient.invalidateQueries({ queryKey: ['data'] });
    },
  });
  const reasonId = `sitrep-figures-${incident.id}-reason`;
  return (
    <li data-incident-id={incident.id}>
      <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>{' '}
      <span className={incident.publishable ? 'badge badge-success' : 'badge badge-warning'}>
        {t(`incidentStatus.${incident.status}`)}
      </span>
      <br />
      <span className="muted">
        {incident.kecamatan.map((k) => k.name).join(', ')} ·{' '}
        {t('sitrepFigures.held', { n: incident.heldFigures })} · {incident.indicators.join(', ')}
        {incident.closedAt && (
          <>
            {' · '}
            {t('sitrepFigures.closedAt')} <DateTime value={incident.closedAt} />
          </>
        )}
      </span>
      <br />
      <button
        type="button"
        disabled={!incident.publishable || publish.isPending}
        aria-describedby={incident.publishable ? undefined : reasonId}
        onClick={() => publish.mutate()}
      >
        {t('sitrepFigures.publish')}
      </button>
      {!incident.publishable && (
        <span id={reasonId} className="muted">
          {' '}
          {t('sitrepFigures.stillOpen')}
        </span>
      )}
      {publish.error && <ErrorNotice error={publish.error} />}
    </li>
  );
}

/** What the last publication did: figures released and published, the reconciliation it opened. */
function PublishedNotice({ done }: { done: Publication }) {
  const { t } = useTranslation();
  const { result } = done;
  return (
    <div className="notice notice-success" role="status">
      <p>
        {t('sitrepFigures.published', {
          title: done.title,
          released: result.released,
          published: result.published,
        })}
      </p>
      {result.reconciliationId && (
        <p>
          {t('sitrepFigures.reconciliationOpened', { n: result.conflicts.length })}{' '}
          <Link to={`/data/conflicts${query({ reconciliation: result.reconciliationId })}`}>
            {t('sitrepFigures.openReconciliation')}
          </Link>
        </p>
      )}
    </div>
  );
}
