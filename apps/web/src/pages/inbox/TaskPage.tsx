import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TaskDiscussion } from '../../comments/TaskDiscussion';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, post } from '../../api/client';
import type { AuditEvent, Contribution, Task } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { ContributionValues } from '../../components/ContributionValues';
import { DateTime } from '../../components/DateTime';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge';
import { Timeline } from '../../components/Timeline';
import { useNow } from '../../components/useNow';
import { actorsOf, useMyActing } from '../../acting/acting';
import { useClaimsText } from '../../tasks/claims-text';
import {
  heldByAnother,
  isOverdue,
  mayClaim,
  mayHandOver,
  mayRelease,
  maySubmit,
} from '../../tasks/task-state';
import { HandOverPanel, ReleasePanel } from './HolderPanels';
import { sheetLayout } from '@gotong/domain/form-sheet';
import { ContributionForm } from './ContributionForm';
import { SpreadsheetPanel } from './SpreadsheetPanel';

export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const task = useQuery({ queryKey: ['task', id], queryFn: () => api<Task>(`/tasks/${id}`) });

  // A foreign OPD's task (403), an unknown one (404) or a malformed id (400): one clear answer.
  if (task.error instanceof ApiError && (task.error.isNotAllowed || task.error.status === 400)) {
    return (
      <section className="notice notice-warning" aria-labelledby="not-allowed">
        <h1 id="not-allowed">{t('task.notAllowedTitle')}</h1>
        <p>{t('task.notAllowed')}</p>
        <p>{t('task.notAllowedHelp')}</p>
        <p>
          <Link to="/tasks">{t('task.backToInbox')}</Link>
        </p>
      </section>
    );
  }
  return <QueryState query={task}>{(data) => <TaskView task={data} />}</QueryState>;
}

function TaskView({ task }: { task: Task }) {
  const { t } = useTranslation();
  const text = useClaimsText();
  const user = useUser();
  const now = useNow();
  // A Plt./Plh. Kepala OPD releases and hands over as the Kepala of the OPD they stand in for.
  const hats = actorsOf(user, useMyActing()).slice(1);
  const contributions = useQuery({
    queryKey: ['task', task.id, 'contributions'],
    queryFn: () => api<Contribution[]>(`/tasks/${task.id}/contributions`),
  });
  const history = useQuery({
    queryKey: ['task', task.id, 'history'],
    queryFn: () => api<AuditEvent[]>(`/tasks/${task.id}/history`),
  });
  const late = isOverdue(task, now);
  const last = contributions.data?.at(-1) ?? null;
  const canSubmit = maySubmit(user, task) && task.form !== null;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/tasks">{t('task.backToInbox')}</Link>
      </p>
      <h1>{task.title}</h1>
      <p className="status-line">
        <StatusBadge status={task.status} /> {late && <OverdueBadge />}
        {task.escalationLevel > 0 && (
          <span className="badge badge-escalated">
            {t('task.escalation', { level: task.escalationLevel })}
          </span>
        )}
      </p>
      <section className="card" aria-labelledby="task-details">
        <h2 id="task-details">{t('task.details')}</h2>
        <dl className="details">
          <div>
            <dt>{t('task.project')}</dt>
            <dd>
              <Link to={`/projects/${task.project.id}`}>{task.project.title}</Link>
            </dd>
          </div>
          <div>
            <dt>{t('task.agency')}</dt>
            <dd>
              {task.agency.name} ({task.agency.code})
            </dd>
          </div>
          <div>
            <dt>{t('task.deadline')}</dt>
            <dd className={late ? 'text-overdue' : undefined}>
              <DateTime value={task.dueAt} />
              {task.deadlineExtended && <span className="muted"> · {t('task.extended')}</span>}
            </dd>
          </div>
          <div>
            <dt>{t('task.status')}</dt>
            <dd>
              <StatusBadge status={task.status} />
            </dd>
          </div>
          <div>
            <dt>{t('task.assignee')}</dt>
            <dd>{task.assignee?.fullName ?? t('task.nobody')}</dd>
          </div>
        </dl>
        <h3>{t('task.instructions')}</h3>
        <p className="pre-wrap">{task.instructions?.trim() || t('task.noInstructions')}</p>
      </section>

      {task.assignee && maySubmit(user, task) && (
        <section className="notice" aria-label={text.task.holding}>
          <p>
            {task.assignee.id === user.id ? text.task.heldByYou : text.task.heldBy(task.assignee.fullName)}
          </p>
          {heldByAnother(user, task) && !mayHandOver(user, task, hats) && <p>{text.task.heldByOther}</p>}
        </section>
      )}
      {mayClaim(user, task) && <ClaimPanel task={task} />}
      {mayRelease(user, task, hats) && <ReleasePanel task={task} />}
      {mayHandOver(user, task, hats) && <HandOverPanel task={task} />}
      {!maySubmit(user, task) && user.agencyCode !== task.agency.code && (
        <p className="notice">{t('task.readOnly', { agency: task.agency.name })}</p>
      )}
      {task.status === 'SUBMITTED' && user.agencyCode === task.agency.code && (
        <p className="notice notice-success" role="status">
          {t('task.submitted')}
        </p>
      )}
      {canSubmit && sheetLayout(task.form) !== null && <SpreadsheetPanel task={task} />}
      {canSubmit && task.form && contributions.isSuccess && (
        <ContributionForm
          key={`${task.id}-${last?.version ?? 0}`}
          task={task}
          form={task.form}
          previous={task.status === 'RETURNED' && last ? last.values : null}
        />
      )}

      {contributions.data && contributions.data.length > 0 && (
        <section className="card" aria-labelledby="task-contributions">
          <h2 id="task-contributions">{t('task.contributions')}</h2>
          {contributions.data.map((c) => (
            <article key={c.id} className="contribution">
              <h3>
                {t('task.version', { version: c.version })}{' '}
                <span className={`badge badge-${c.status.toLowerCase()}`}>
                  {t(`contributionStatus.${c.status}`)}
                </span>
              </h3>
              <p className="muted">
                {t('task.submittedBy', { name: c.submittedBy.fullName })}, <DateTime value={c.submittedAt} />
              </p>
              {c.reviewNote && <p className="notice">{t('task.returnNote', { note: c.reviewNote })}</p>}
              <ContributionValues form={task.form} values={c.values} />
            </article>
          ))}
        </section>
      )}

      <section className="card" aria-labelledby="task-history">
        <h2 id="task-history">{t('task.history')}</h2>
        <QueryState query={history}>
          {(events) => <Timeline events={events} empty={t('task.noHistory')} />}
        </QueryState>
      </section>
      <TaskDiscussion task={task} />
    </>
  );
}

function ClaimPanel({ task }: { task: Task }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const claim = useMutation({
    mutationFn: () => post<{ state: Task['status'] }>(`/tasks/${task.id}/claim`),
    onSuccess: async (snapshot) => {
      queryClient.setQueryData<Task>(['task', task.id], (old) =>
        old ? { ...old, status: snapshot.state } : old,
      );
      await queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
  return (
    <section className="card card-action" aria-labelledby="claim-title">
      <h2 id="claim-title" className="visually-hidden">
        {t('task.claim')}
      </h2>
      <p>{t('task.claimHelp')}</p>
      <button type="button" onClick={() => claim.mutate()} disabled={claim.isPending}>
        {claim.isPending ? t('task.claiming') : t('task.claim')}
      </button>
      {claim.error && <ErrorNotice error={claim.error} />}
    </section>
  );
}
