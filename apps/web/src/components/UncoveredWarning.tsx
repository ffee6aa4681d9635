import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { CoverageWarning } from '../api/types';

/**
 * Navigation options that carry a start's warnings to the page navigated to (the new project or incident),
 * where the Layout shows them (StartedWarnings) once.
 */
export function startedWith(warnings: CoverageWarning[] | undefined) {
  return warnings && warnings.length > 0 ? { state: { coverageWarnings: warnings } } : undefined;
}

/** The warnings of the start that led to this page (startedWith), above the page. */
export function StartedWarnings() {
  const location = useLocation();
  const state = location.state as { coverageWarnings?: CoverageWarning[] } | null;
  return <UncoveredWarning warnings={state?.coverageWarnings} />;
}

/**
 * Said after a successful start (project, incident, data request, mobilisation): the work has started, but
 * these OPDs have nobody to do it (no active staff or Kepala account), or were left out because they are
 * deactivated. Nothing is shown when there is nothing to say. `children` is what to do next (a link on).
 */
export function UncoveredWarning({
  warnings,
  children,
}: {
  warnings: CoverageWarning[] | undefined;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const uncovered = (warnings ?? []).filter((w) => w.code === 'AGENCY_UNCOVERED');
  const inactive = (warnings ?? []).filter((w) => w.code === 'AGENCY_INACTIVE');
  if (uncovered.length === 0 && inactive.length === 0) return null;
  return (
    <section
      className="notice notice-warning uncovered-warning"
      role="status"
      aria-labelledby="uncovered-warning-title"
    >
      <p id="uncovered-warning-title">
        <strong>{t('coverage.startedTitle')}</strong>
      </p>
      {uncovered.length > 0 && (
        <>
          <p>{t('coverage.startedUncovered')}</p>
          <ul>
            {uncovered.map((w) => (
              <li key={w.agencyCode} data-agency={w.agencyCode}>
                <strong>{w.agencyName}</strong> ({w.agencyCode})
              </li>
            ))}
          </ul>
          <p>{t('coverage.startedLadder')}</p>
        </>
      )}
      {inactive.length > 0 && (
        <>
          <p>{t('coverage.startedInactive')}</p>
          <ul>
            {inactive.map((w) => (
              <li key={w.agencyCode} data-agency={w.agencyCode}>
                <strong>{w.agencyName}</strong> ({w.agencyCode})
              </li>
            ))}
          </ul>
        </>
      )}
      {children}
    </section>
  );
}
