import { useTranslation } from 'react-i18next';
import type { IncidentStatus, Severity } from '../../api/types';

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-incident-${status.toLowerCase()}`} data-status={status}>
      {t(`incidentStatus.${status}`)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-severity-${severity.toLowerCase()}`} data-severity={severity}>
      {t(`severity.${severity}`)}
    </span>
  );
}
