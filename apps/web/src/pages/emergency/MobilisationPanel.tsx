import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { IncidentAgency } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge';
import {
  owesSitrepsRow,
  saidNotReady,
  sitrepDutyText,
  type AcknowledgementReadiness,
} from '../../emergency/sitrep-duty';

/** The mobilised OPDs: clusters, acknowledgement, sitreps and open escalations per OPD. */
export function MobilisationPanel({ agencies }: { agencies: IncidentAgency[] }) {
  const { t, i18n } = useTranslation();
  const text = (key: Parameters<typeof sitrepDutyText>[1]) => sitrepDutyText(i18n.language, key);
  const owing = agencies.filter((a) => !a.releasedAt && owesSitrepsRow(a));
  return (
    <section className="card" aria-labelledby="agencies-title">
      <h2 id="agencies-title">{t('incident.agencies')}</h2>
      <p className="muted small" data-testid="sitrep-owing">
        {text('owingSummary')}: {owing.length > 0 ? owing.map((a) => a.code).join(', ') : t('common.none')}
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('incident.agency')}</th>
              <th scope="col">{t('incident.clusters')}</th>
              <th scope="col">{t('incident.acknowledgement')}</th>
              <th scope="col">{t('incident.sitreps')}</th>
              <th scope="col">{t('incident.escalations')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((agency) => (
              <tr
                key={agency.code}
                data-agency={agency.code}
                className={
                  agency.acknowledgement?.late || agency.sitreps.overdue > 0 ? 'row-overdue' : undefined
                }
              >
                <th scope="row">
                  {agency.name} <span className="muted">({agency.code})</span>
                  {agency.uncovered && (
                    <>
                      {' '}
                      <span className="badge badge-overdue" title={t('coverage.uncoveredHelp')}>
                        {t('coverage.uncoveredBadge')}
                      </span>
                    </>
                  )}
                  {agency.releasedAt && (
                    <p className="muted small">
                      {t('incident.released')} <DateTime value={agency.releasedAt} />
                    </p>
                  )}
                </th>
                <td>{agency.clusters.map((c) => t(`cluster.${c}`)).join(', ')}</td>
                <td>
                  {agency.acknowledgement ? (
                    <>
                      <Link to={`/tasks/${agency.acknowledgement.taskId}`}>
                        <StatusBadge status={agency.acknowledgement.status} />
                      </Link>{' '}
                      {agency.acknowledgement.late && <OverdueBadge />}
                      {saidNotReady(agency.acknowledgement as AcknowledgementReadiness) && (
                        <>
                          {' '}
                          <span
                            className="badge badge-overdue"
                            data-ready="false"
                            title={text('notReadyHelp')}
                          >
                            {text('notReady')}
                          </span>
                        </>
                      )}
                      {((agency.acknowledgement as AcknowledgementReadiness).followUps ?? 0) > 0 && (
                        <p className="muted small">
                          {(agency.acknowledgement as AcknowledgementReadiness).followUps} {text('followUps')}
                        </p>
                      )}
                      <p className="muted small">
                        {agency.acknowledgement.acknowledgedAt ? (
                          <>
                            {t('incident.acknowledgedAt')}{' '}
                            <DateTime value={agency.acknowledgement.acknowledgedAt} />
                          </>
                        ) : (
                          <>
                            {t('incident.dueAt')} <DateTime value={agency.acknowledgement.dueAt} />
                          </>
                        )}
                      </p>
                    </>
                  ) : (
                    t('common.none')
                  )}
                </td>
                <td data-sitrep-duty={owesSitrepsRow(agency) ? 'owes' : 'none'}>
                  {!owesSitrepsRow(agency) ? (
                    <span className="muted" title={text('noSitrepDutyHelp')}>
                      {text('noSitrepDuty')}
                    </span>
                  ) : (
                    <>
                      {t('incident.sitrepsSubmitted', { count: agency.sitreps.submitted })}
                      {agency.sitreps.overdue > 0 && (
                        <>
                          {' '}
                          <span className="badge badge-overdue">
                            {t('incident.sitrepsOverdue', { count: agency.sitreps.overdue })}
                          </span>
                        </>
                      )}
                      {agency.sitreps.latestAt && (
                        <p className="muted small">
                          {t('incident.latestSitrep')} <DateTime value={agency.sitreps.latestAt} />
                        </p>
                      )}
                      {agency.sitreps.current.map((task) => (
                        <p key={task.taskId} className="small">
                          <Link to={`/tasks/${task.taskId}`}>{task.title}</Link> ·{' '}
                          <DateTime value={task.dueAt} />
                          {new Date(task.dueAt).getTime() < Date.now() && (
                            <span className="muted"> ({text('coversPeriods')})</span>
                          )}
                        </p>
                      ))}
                    </>
                  )}
                </td>
                <td>
                  {agency.openEscalations > 0
                    ? t('incident.escalationLevel', {
                        count: agency.openEscalations,
                        level: agency.highestEscalationLevel,
                      })
                    : t('common.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
