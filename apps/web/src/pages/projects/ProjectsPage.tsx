import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../../api/client';
import type { Page, ProjectStatus, ProjectSummary } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { ProjectStatusBadge } from '../../components/StatusBadge';

const STATUSES: readonly ProjectStatus[] = ['ACTIVE', 'COMPLETED', 'CANCELLED'];

export function ProjectsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(statusParam) ? statusParam : '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const projects = useQuery({
    queryKey: ['projects', { status, page }],
    queryFn: () => api<Page<ProjectSummary>>(`/projects${query({ status, page, pageSize: 20 })}`),
  });
  return (
    <>
      <div className="page-head">
        <h1>{t('projects.title')}</h1>
        {may.startProject(user.role) && (
          <Link className="button" to="/projects/new">
            {t('projects.new')}
          </Link>
        )}
      </div>
      <p className="muted">{t('projects.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="project-status">{t('projects.status')}</label>
          <select
            id="project-status"
            value={status}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">{t('projects.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`projectStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <QueryState query={projects}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('projects.empty')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('projects.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('projects.name')}</th>
                      <th scope="col">{t('projects.lead')}</th>
                      <th scope="col">{t('projects.started')}</th>
                      <th scope="col">{t('projects.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <Link to={`/projects/${p.id}`}>{p.title}</Link>
                        </td>
                        <td>
                          {p.leadUser.fullName} ({p.leadAgency.code})
                        </td>
                        <td>
                          <DateTime value={p.createdAt} dateOnly />
                        </td>
                        <td>
                          <ProjectStatusBadge status={p.status} />
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
