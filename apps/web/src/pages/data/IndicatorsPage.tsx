import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { IndicatorDetail, IndicatorSummary } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { QueryState } from '../../components/QueryState';
import { DataTabs } from './DataTabs';
import { IndicatorForm } from './IndicatorForm';

/** The indicator catalogue (GET /data/indicators): the newest version of each standard. */
export function IndicatorsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const indicators = useQuery({
    queryKey: ['data', 'indicators'],
    queryFn: () => api<IndicatorSummary[]>('/data/indicators'),
  });
  return (
    <>
      <h1>{t('indicators.title')}</h1>
      <DataTabs />
      <p className="muted">{t('indicators.intro')}</p>
      {may.defineIndicators(user.role) && <IndicatorForm />}
      <QueryState query={indicators}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('indicators.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('indicators.indicator')}</th>
                    <th scope="col">{t('indicators.unit')}</th>
                    <th scope="col">{t('indicators.areaLevel')}</th>
                    <th scope="col">{t('indicators.periodicity')}</th>
                    <th scope="col">{t('indicators.producers')}</th>
                    <th scope="col" className="num">
                      {t('indicators.version')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((indicator) => (
                    <tr key={indicator.code}>
                      <td>
                        <Link to={`/data/indicators/${encodeURIComponent(indicator.code)}`}>
                          {indicator.name}
                        </Link>
                        <p className="muted small">{indicator.code}</p>
                      </td>
                      <td>{indicator.unit}</td>
                      <td>{t(`areaLevel.${indicator.areaLevel}`)}</td>
                      <td>{t(`periodicity.${indicator.periodicity}`)}</td>
                      <td>{indicator.producers.join(', ')}</td>
                      <td className="num">{indicator.version}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </>
  );
}

/** One indicator standard (GET /data/indicators/:code): definition, rules, metadata, versions. */
export function IndicatorPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const indicator = useQuery({
    queryKey: ['data', 'indicators', code],
    queryFn: () => api<IndicatorDetail>(`/data/indicators/${encodeURIComponent(code)}`),
  });
  if (indicator.error instanceof ApiError && indicator.error.isNotAllowed) {
    return (
      <section className="notice notice-warning">
        <h1>{t('notFound.title')}</h1>
        <p>
          <Link to="/data/indicators">{t('indicators.back')}</Link>
        </p>
      </section>
    );
  }
  return (
    <QueryState query={indicator}>
      {(standard) => (
        <>
          <p>
            <Link to="/data/indicators">{t('indicators.back')}</Link>
          </p>
          <h1>
            {standard.name} <span className="muted">({standard.code})</span>
          </h1>
          <p>{standard.definition}</p>
          <dl className="details">
            <div>
              <dt>{t('indicators.unit')}</dt>
              <dd>{standard.unit}</dd>
            </div>
            <div>
              <dt>{t('indicators.valueType')}</dt>
              <dd>{t(`valueType.${standard.valueType}`)}</dd>
            </div>
            <div>
              <dt>{t('indicators.range')}</dt>
              <dd>
                {standard.min ?? 0} – {standard.max ?? '∞'}
              </dd>
            </div>
            <div>
              <dt>{t('indicators.areaLevel')}</dt>
              <dd>{t(`areaLevel.${standard.areaLevel}`)}</dd>
            </div>
            <div>
              <dt>{t('indicators.periodicity')}</dt>
              <dd>{t(`periodicity.${standard.periodicity}`)}</dd>
            </div>
            {standard.breakdown && (
              <div>
                <dt>{t('indicators.breakdown')}</dt>
                <dd>{standard.breakdown.categories.map((c) => c.label).join(', ')}</dd>
              </div>
            )}
            <div>
              <dt>{t('indicators.producers')}</dt>
              <dd>{standard.producers.join(', ')}</dd>
            </div>
            <div>
              <dt>{t('indicators.jumpFactor')}</dt>
              <dd>{standard.jumpFactor}×</dd>
            </div>
            <div>
              <dt>{t('indicators.source')}</dt>
              <dd>{standard.metadata.source}</dd>
            </div>
            <div>
              <dt>{t('indicators.method')}</dt>
              <dd>{standard.metadata.method}</dd>
            </div>
            <div>
              <dt>{t('indicators.contact')}</dt>
              <dd>{standard.metadata.contact}</dd>
            </div>
          </dl>
          {may.defineIndicators(user.role) && <IndicatorForm key={standard.version} current={standard} />}
          <section className="card" aria-labelledby="versions-title">
            <h2 id="versions-title">{t('indicators.versions')}</h2>
            <ul>
              {standard.versions.map((v) => (
                <li key={v.version}>
                  v{v.version} · <DateTime value={v.createdAt} />
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </QueryState>
  );
}
