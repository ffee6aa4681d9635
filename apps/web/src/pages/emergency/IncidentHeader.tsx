import { useTranslation } from 'react-i18next';
import { areaName } from '@gotong/domain/region';
import { Link } from 'react-router';
import type { IncidentDashboard } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { IncidentStatusBadge, SeverityBadge } from './IncidentBadges';

/** The incident's title, status, severity and type, and its details (when, where, what). */
export function IncidentHeader({
  incident,
  names,
}: {
  incident: IncidentDashboard;
  names: Map<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/incidents">{t('incident.back')}</Link>
      </p>
      <h1>{incident.title}</h1>
      <div className="status-line">
        <IncidentStatusBadge status={incident.status} />
        <SeverityBadge severity={incident.severity} />
        <span>{t(`incidentType.${incident.type}`)}</span>
      </div>
      <dl className="details">
        <div>
          <dt>{t('incident.declaredAt')}</dt>
          <dd>
            <DateTime value={incident.declaredAt} />
          </dd>
        </div>
        <div>
          <dt>{t('incidents.kecamatan')}</dt>
          <dd>
            {incident.affectedKecamatan.map((code) => `${names.get(code) ?? code} (${code})`).join(', ')}
          </dd>
        </div>
        {incident.affectedDesa.length > 0 && (
          <div>
            <dt>{t('incident.desa')}</dt>
            <dd>
              {incident.affectedDesa
                .map((code) => (areaName(code) ? `${areaName(code)} (${code})` : code))
                .join(', ')}
            </dd>
          </div>
        )}
        {incident.closedAt && (
          <div>
            <dt>{t('incident.closedAt')}</dt>
            <dd>
              <DateTime value={incident.closedAt} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('incident.description')}</dt>
          <dd className="pre-line">{incident.description}</dd>
        </div>
      </dl>
    </>
  );
}
