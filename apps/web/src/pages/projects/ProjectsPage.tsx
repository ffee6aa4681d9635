import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client';
import type { Page, ProjectStatus, ProjectSummary } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { type ListColumn, ListPage, SelectFilter, useStatusListParams } from '../../components/ListPage';
import { ProjectStatusBadge } from '../../components/StatusBadge';

const STATUSES: readonly ProjectStatus[] = ['ACTIVE', 'COMPLETED', 'CANCELLED', 'RESOLVED'];

export function ProjectsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { status, page, setStatus, setPage } = useStatusListParams(STATUSES);
  const projects = useQuery({
    queryKey: ['projects', { status, page }],
    queryFn: () => api<Page<ProjectSummary>>(`/projects${query({ status, page, pageSize: 20 })}`),
  });
  const columns: ListColumn<ProjectSummary>[] = [
    { key: 'name', header: t('projects.name'), cell: (p) => <Link to={`/projects/${p.id}`}>{p.title}</Link> },
    {
      key: 'lead',
      header: t('projects.lead'),
      cell: (p) => (
        <>
          {p.leadUser.fullName} ({p.leadAgency.code})
        </>
      ),
    },
    { key: 'started', header: t('projects.started'), cell: (p) => <DateTime value={p.createdAt} dateOnly /> },
    { key: 'status', header: t('projects.status'), cell: (p) => <ProjectStatusBadge status={p.status} /> },
  ];
  return (
    <ListPage
      title={t('projects.title')}
      actions={
        may.startProject(user.role) && (
          <Link className="button" to="/projects/new">
            {t('projects.new')}
          </Link>
        )
      }
      intro={t('projects.intro')}
      filters={
        <SelectFilter
          id="project-status"
          label={t('projects.status')}
          value={status}
          allLabel={t('projects.allStatuses')}
          options={STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
          onChange={setStatus}
        />
      }
      query={projects}
      empty={t('projects.empty')}
      caption={t('projects.title')}
      columns={columns}
      rowKey={(p) => p.id}
      onPage={setPage}
    />
  );
}
