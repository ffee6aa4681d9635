import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client';
import type { Agency, IncidentSummary, Page } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { type ListColumn, ListPage, SelectFilter, useStatusListParams } from '../../components/ListPage';
import { INCIDENT_STATUSES } from '@gotong/domain/emergency';
import { IncidentStatusBadge, SeverityBadge } from './IncidentBadges';

/** Incidents the user may see (mobilised OPDs; everything for leadership), newest first. */
export function IncidentsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { status, page, setStatus, setPage } = useStatusListParams(INCIDENT_STATUSES);
  const incidents = useQuery({
    queryKey: ['incidents', { status, page }],
    queryFn: () => api<Page<IncidentSummary>>(`/incidents${query({ status, page, pageSize: 20 })}`),
    refetchInterval: 15_000,
  });
  const names = useKecamatanNames();
  const columns: ListColumn<IncidentSummary>[] = [
    {
      key: 'incident',
      header: t('incidents.incident'),
      cell: (incident) => (
        <>
          <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
          <p className="muted small">{t(`incidentType.${incident.type}`)}</p>
        </>
      ),
    },
    {
      key: 'severity',
      header: t('incidents.severity'),
      cell: (incident) => <SeverityBadge severity={incident.severity} />,
    },
    {
      key: 'status',
      header: t('incidents.status'),
      cell: (incident) => <IncidentStatusBadge status={incident.status} />,
    },
    {
      key: 'kecamatan',
      header: t('incidents.kecamatan'),
      cell: (incident) => incident.affectedKecamatan.map((code) => names.get(code) ?? code).join(', '),
    },
    {
      key: 'declaredAt',
      header: t('incidents.declaredAt'),
      cell: (incident) => <DateTime value={incident.declaredAt} />,
    },
  ];
  return (
    <ListPage
      title={t('incidents.title')}
      actions={
        may.commandIncidents(user) && (
          <Link className="button button-danger" to="/incidents/new">
            {t('incidents.declare')}
          </Link>
        )
      }
      intro={t('incidents.intro')}
      filters={
        <SelectFilter
          id="incident-status"
          label={t('incidents.status')}
          value={status}
          allLabel={t('incidents.allStatuses')}
          options={INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`incidentStatus.${s}`) }))}
          onChange={setStatus}
        />
      }
      query={incidents}
      empty={t('incidents.empty')}
      columns={columns}
      rowKey={(incident) => incident.id}
      onPage={setPage}
    />
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
