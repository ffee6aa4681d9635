import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../../api/client';
import type { Agency, IncidentStatus, IncidentSummary, Page } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { INCIDENT_STATUSES } from '@gotong/domain/emergency';
import { IncidentStatusBadge, SeverityBadge } from './IncidentBadges';

/** Incidents the user may see (mobilised OPDs; everything for leadership), newest first. */
export function IncidentsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') ?? '';
  const status = (INCIDENT_STATUSES as readonly string[]).includes(statusParam) ? statusParam : '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const incidents = useQuery({
    queryKey: ['incidents', { status, page }],
    queryFn: () => api<Page<IncidentSummary>>(`/incidents${query({ status, page, pageSize: 20 })}`),
    refetchInterval: 15_000,
  });
  const names = useKecamatanNames();
  return (
    <>
      <div className="page-head">
        <h1>{t('incidents.title')}</h1>
        {may.commandIncidents(user) && (
          <Link className="button button-danger" to="/incidents/new">
            {t('incidents.declare')}
          </Link>
        )}
      </div>
      <p className="muted">{t('incidents.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="incident-status">{t('incidents.status')}</label>
          <select
            id="incident-status"
            value={status}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">{t('incidents.allStatuses')}</option>
            {INCIDENT_STATUSES.map((s: IncidentStatus) => (
              <option key={s} value={s}>
                {t(`incidentStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <QueryState query={incidents}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('incidents.empty')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('incidents.incident')}</th>
                      <th scope="col">{t('incidents.severity')}</th>
                      <th scope="col">{t('incidents.status')}</th>
                      <th scope="col">{t('incidents.kecamatan')}</th>
                      <th scope="col">{t('incidents.declaredAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((incident) => (
                      <tr key={incident.id}>
                        <td>
                          <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
                          <p className="muted small">{t(`incidentType.${incident.type}`)}</p>
                        </td>
                        <td>
                          <SeverityBadge severity={incident.severity} />
                        </td>
                        <td>
                          <IncidentStatusBadge status={incident.status} />
                        </td>
                        <td>
                          {incident.affectedKecamatan.map((code) => names.get(code) ?? code).join(', ')}
                        </td>
                        <td>
                          <DateTime value={incident.declaredAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPage={(p) => setParams({ ...(status ? { status } : {}), page: String(p) })}
              />
            </>
          )
        }
      </QueryState>
    </>
  );
}

/** Kecamatan kode wilayah → name, from the kecamatan offices (GET /agencies). */
export function useKecamatanNames(): Map<string, string> {
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
  return new Map(
    (agencies.data ?? [])
      .filter((a) => a.kind === 'KECAMATAN' && a.areaCode)
      .map((a) => [a.areaCode ?? '', a.name.replace(/^Kecamatan\s+/i, '')]),
  );
}
