import { useQuery } from '@tanstack/react-query';
import { CommentThread } from '../../comments/CommentThread';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { AuditEvent, ProjectDetail, ProjectStep } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { DateTime } from '../../components/DateTime';
import { QueryState } from '../../components/QueryState';
import { OverdueBadge, ProjectStatusBadge, StatusBadge } from '../../components/StatusBadge';
import { Timeline } from '../../components/Timeline';
import { isLeadOf, mayCancel } from '../../tasks/task-state';
import { CancelPanel } from './CancelPanel';
import { AddAgencyPanel, ReassignPanel } from './LeadPanels';
import { ReviewPanel } from './ReviewPanel';

export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const project = useQuery({
    queryKey: ['project', id],
    queryFn: () => api<ProjectDetail>(`/projects/${id}`),
    // Steps move on in the workflows (other OPDs submit, deadlines pass): a running project stays fresh.
    refetchInterval: (q) => (q.state.data?.status === 'ACTIVE' ? 5_000 : false),
  });
  if (project.error instanceof ApiError && (project.error.isNotAllowed || project.error.status === 400)) {
    return (
      <section className="notice notice-warning">
        <h1>{t('notFound.title')}</h1>
        <p>
          <Link to="/projects">{t('project.back')}</Link>
        </p>
      </section>
    );
  }
  return <QueryState query={project}>{(data) => <ProjectView project={data} />}</QueryState>;
}

function ProjectView({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const audit = useQuery({
    queryKey: ['project', project.id, 'audit'],
    queryFn: () => api<AuditEvent[]>(`/projects/${project.id}/audit`),
  });
  const lead = isLeadOf(user, project);
  const titles = new Map(project.steps.map((s) => [s.key, s.title]));
  const waitingForReview = lead ? project.steps.filter((s) => s.task?.status === 'SUBMITTED') : [];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/projects">{t('project.back')}</Link>
      </p>
      <h1>{project.title}</h1>
      <p className="status-line">
        <ProjectStatusBadge status={project.status} />
      </p>
      {project.description && <p className="pre-wrap">{project.description}</p>}
      <dl className="details">
        <div>
          <dt>{t('project.lead')}</dt>
          <dd>
            {project.leadUser.fullName} · {project.leadAgency.name}
          </dd>
        </div>
        {project.template && (
          <div>
            <dt>{t('project.template')}</dt>
            <dd>
              {project.template.name} (v{project.template.version})
            </dd>
          </div>
        )}
        <div>
          <dt>{t('project.started')}</dt>
          <dd>
            <DateTime value={project.createdAt} />
          </dd>
        </div>
        {project.completedAt && (
          <div>
            <dt>{t('project.finished')}</dt>
            <dd>
              <DateTime value={project.completedAt} />
            </dd>
          </div>
        )}
        {project.resolution && (
          <div>
            <dt>{t('project.resolved')}</dt>
            <dd data-testid="project-resolution">
              {project.resolution.agency && `${project.resolution.agency.name} — `}
              {project.resolution.reason ?? t('project.resolvedReason')}
              {project.parameters.reconciliation && (
                <>
                  {' · '}
                  <Link to={`/data/conflicts?reconciliation=${project.parameters.reconciliation}`}>
                    {t('project.reconciliationLink')}
                  </Link>
                </>
              )}
            </dd>
          </div>
        )}
        {project.cancelledAt && (
          <div>
            <dt>{t('project.cancelled')}</dt>
            <dd>
              <DateTime value={project.cancelledAt} />
              {project.cancelReason && ` — ${project.cancelReason}`}
            </dd>
          </div>
        )}
      </dl>

      <section className="card" aria-labelledby="project-steps">
        <h2 id="project-steps">{t('project.steps')}</h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('project.step')}</th>
                <th scope="col">{t('project.agency')}</th>
                <th scope="col">{t('project.status')}</th>
                <th scope="col">{t('project.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {project.steps.map((step) => (
                <StepRow key={step.key} step={step} titles={titles} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {waitingForReview.map((step) =>
        step.task ? <ReviewPanel key={step.task.id} projectId={project.id} taskId={step.task.id} /> : null,
      )}
      {lead && project.status === 'ACTIVE' && (
        <div className="actions">
          <ReassignPanel project={project} />
          <AddAgencyPanel project={project} />
        </div>
      )}
      {mayCancel(user, project) && <CancelPanel projectId={project.id} />}

      <section className="card" aria-labelledby="project-timeline">
        <h2 id="project-timeline">{t('project.timeline')}</h2>
        <QueryState query={audit}>
          {(events) => <Timeline events={events} empty={t('project.noTimeline')} />}
        </QueryState>
      </section>
      <CommentThread subject="projects" id={project.id} />
    </>
  );
}

function StepRow({ step, titles }: { step: ProjectStep; titles: Map<string, string> }) {
  const { t } = useTranslation();
  const after = step.dependsOn.map((key) => titles.get(key) ?? key).join(', ');
  return (
    <tr className={step.late ? 'row-overdue' : undefined} data-step={step.key}>
      <td>
        {step.task ? <Link to={`/tasks/${step.task.id}`}>{step.title}</Link> : step.title}
        {after && <p className="muted small">{t('project.after', { steps: after })}</p>}
      </td>
      <td>{step.task ? `${step.task.agency.name} (${step.task.agency.code})` : step.plannedAgency}</td>
      <td>
        <StatusBadge status={step.status} /> {step.late && <OverdueBadge />}
      </td>
      <td>{step.task ? <DateTime value={step.task.dueAt} /> : t('common.none')}</td>
    </tr>
  );
}
