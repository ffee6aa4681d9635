import { useTranslation } from 'react-i18next';
import type { ProjectStatus, StepStatus } from '../api/types';

/** A task or step status as a coloured label; data-status keeps the API's value for styling and tests. */
export function StatusBadge({ status }: { status: StepStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-project-${status.toLowerCase()}`} data-status={status}>
      {t(`projectStatus.${status}`)}
    </span>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return <span className="badge badge-overdue">{t('common.overdue')}</span>;
}
