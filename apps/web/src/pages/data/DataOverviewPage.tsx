import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { DataOverview } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { QueryState } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import { DataTabs } from './DataTabs';

/** Leadership's view of one-door data: completeness per indicator × OPD × period, open conflicts, overdue requests. */
export function DataOverviewPage() {
  const { t } = useTranslation();
  const overview = useQuery({
    queryKey: ['data', 'overview'],
    queryFn: () => api<DataOverview>('/data/overview'),
  });
  return (
    <>
      <h1>{t('dataOverview.title')}</h1>
      <DataTabs />
      <QueryState query={overview}>
        {(data) => (
          <>
            <section className="card" aria-labelledby="completeness-title">
              <h2 id="completeness-title">{t('dataOverview.completeness')}</h2>
              {data.completeness.length === 0 ? (
                <p className="empty">{t('dataOverview.noRequests')}</p>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('dataOverview.indicator')}</th>
                        <th scope="col">{t('dataOverview.agency')}</th>
                        <th scope="col">{t('dataOverview.period')}</th>
                        <th scope="col" className="num">
                          {t('dataOverview.verified')}
                        </th>
                        <th scope="col" className="num">
                          {t('dataOverview.percent')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.completeness.map((row) => (
                        <tr
                          key={`${row.requestId}-${row.indicator}-${row.agency}`}
                          className={row.percent < 100 ? 'row-overdue' : undefined}
                        >
                          <td>
                            <Link to={`/projects/${row.requestId}`}>{row.indicator}</Link>
                          </td>
                          <td>{row.agency}</td>
                          <td>{row.period}</td>
                          <td className="num">
                            {row.verified} / {row.expected}
                          </td>
                          <td className="num">{row.percent} %</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section className="card" aria-labelledby="open-conflicts-title">
              <h2 id="open-conflicts-title">
                {t('dataOverview.openConflicts', { count: data.openConflicts.length })}
              </h2>
              {data.openConflicts.length === 0 ? (
                <p className="muted">{t('dataOverview.noConflicts')}</p>
              ) : (
                <ul>
                  {data.openConflicts.map((c) => (
                    <li key={c.id}>
                      <Link to="/data/conflicts">
                        {c.indicatorCode} · {c.areaCode} · {c.period}
                      </Link>{' '}
                      · <DateTime value={c.openedAt} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="overdue-title">
              <h2 id="overdue-title">{t('dataOverview.overdue', { count: data.overdueRequests.length })}</h2>
              {data.overdueRequests.length === 0 ? (
                <p className="muted">{t('dataOverview.noOverdue')}</p>
              ) : (
                <ul>
                  {data.overdueRequests.map((r) => (
                    <li key={r.taskId}>
                      <Link to={`/tasks/${r.taskId}`}>{r.title}</Link> · {r.agency} ·{' '}
                      <StatusBadge status={r.status} /> · <DateTime value={r.dueAt} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}
