import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CoverageReport } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';

/**
 * OPDs nobody works for (GET /agencies/coverage), at the top of the leadership views: those holding open
 * work in a table, the others in one line. Shows nothing while every OPD in view has someone. Asked only by
 * the roles of the board itself: a Plt./Plh. who sees the board through their post stands in for a Kepala
 * OPD, whose own OPD is covered by definition (they work its tasks).
 */
export function UncoveredAgencies() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const coverage = useQuery({
    queryKey: ['agencies', 'coverage'],
    queryFn: () => api<CoverageReport>('/agencies/coverage'),
    enabled: user !== null && may.seeEscalations(user.role),
    refetchInterval: 60_000,
  });
  const uncovered = coverage.data?.uncovered ?? [];
  if (uncovered.length === 0) return null;
  const withWork = uncovered.filter((a) => a.openTasks > 0 || a.openEscalations > 0);
  const idle = uncovered.filter((a) => a.openTasks === 0 && a.openEscalations === 0);
  return (
    <section className="notice notice-warning uncovered-agencies" aria-labelledby="uncovered-title">
      <h2 id="uncovered-title">
        {t('coverage.boardTitle')} ({uncovered.length})
      </h2>
      <p>{t('coverage.boardIntro')}</p>
      {withWork.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby="uncovered-title">
            <thead>
              <tr>
                <th scope="col">{t('coverage.agency')}</th>
                <th scope="col">{t('coverage.openTasks')}</th>
                <th scope="col">{t('coverage.overdueTasks')}</th>
                <th scope="col">{t('coverage.openEscalations')}</th>
              </tr>
            </thead>
            <tbody>
              {withWork.map((a) => (
                <tr
                  key={a.code}
                  data-agency={a.code}
                  className={a.overdueTasks > 0 ? 'row-overdue' : undefined}
                >
                  <th scope="row">
                    {a.name} <span className="muted">({a.code})</span>
                  </th>
                  <td>{a.openTasks}</td>
                  <td>{a.overdueTasks}</td>
                  <td>{a.openEscalations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {idle.length > 0 && (
        <p className="muted small">
          {t('coverage.withoutWork', { list: idle.map((a) => a.code).join(', ') })}
        </p>
      )}
    </section>
  );
}
