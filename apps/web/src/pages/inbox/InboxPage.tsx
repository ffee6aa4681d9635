import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client';
import type { Page, Task, TaskState } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { DateTime } from '../../components/DateTime';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge';
import { useNow } from '../../components/useNow';
import { useClaimsText } from '../../tasks/claims-text';
import { dueBefore as dueBeforeOf, DUE_WINDOWS, isDueWindow } from '../../tasks/due-filter';
import { isOverdue, TASK_STATES } from '../../tasks/task-state';
import { useFilterParams } from '../../components/useFilterParams';

const PAGE_SIZE = 20;

/**
 * Kotak Tugas: the OPD's open work by default, the most urgent first ("Semua status" adds finished work),
 * filtered by status, deadline, overdue and "Tugas saya" (kept in the URL, so a filter can be shared).
 */
export function InboxPage() {
  const { t } = useTranslation();
  const text = useClaimsText();
  const user = useUser();
  const [params, setParams] = useFilterParams();
  const statusParam = params.get('status') ?? '';
  const status = (TASK_STATES as readonly string[]).includes(statusParam) ? (statusParam as TaskState) : '';
  const overdue = params.get('overdue') === 'true';
  const dueParam = params.get('due');
  const due = isDueWindow(dueParam) ? dueParam : '';
  const projectId = params.get('projectId') ?? '';
  // One project's tasks (a link from the project page) show every status unless asked otherwise, as the API does.
  const scopeParam = params.get('scope');
  const allStatuses = scopeParam === 'all' || (projectId !== '' && scopeParam !== 'open');
  const mine = params.get('mine') === 'true';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const inbox = useQuery({
    queryKey: ['inbox', { status, overdue, due, projectId, page, allStatuses, mine }],
    queryFn: () =>
      api<Page<Task>>(
        `/inbox${query({
          status,
          scope: allStatuses ? 'all' : 'open',
          mine,
          overdue,
          dueBefore: due ? dueBeforeOf(due, new Date()) : '',
          projectId,
          page,
          pageSize: PAGE_SIZE,
        })}`,
      ),
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <p className="muted">{t('inbox.intro', { agency: user.agencyName })}</p>
      {!allStatuses && !status && <p className="muted">{text.inbox.openIntro}</p>}
      <form className="filters" aria-label={t('inbox.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-status">{t('inbox.status')}</label>
          <select id="filter-status" value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{allStatuses ? text.inbox.allStatuses : text.inbox.openOnly}</option>
            {TASK_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-due">{t('inbox.due')}</label>
          <select id="filter-due" value={due} onChange={(e) => update({ due: e.target.value })}>
            <option value="">{t('inbox.dueAny')}</option>
            {DUE_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`inbox.dueWindow.${w}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-check">
          <input
            id="filter-all"
            type="checkbox"
            checked={allStatuses}
            onChange={(e) =>
              update({ scope: e.target.checked ? (projectId ? null : 'all') : projectId ? 'open' : null })
            }
          />
          <label htmlFor="filter-all">{text.inbox.allStatuses}</label>
        </div>
        <div className="field field-check">
          <input
            id="filter-mine"
            type="checkbox"
            checked={mine}
            onChange={(e) => update({ mine: e.target.checked ? 'true' : null })}
          />
          <label htmlFor="filter-mine">{text.inbox.mine}</label>
        </div>
        <div className="field field-check">
          <input
            id="filter-overdue"
            type="checkbox"
            checked={overdue}
            onChange={(e) => update({ overdue: e.target.checked ? 'true' : null })}
          />
          <label htmlFor="filter-overdue">{t('inbox.overdueOnly')}</label>
        </div>
        {projectId && (
          <p className="filter-note">
            {t('inbox.projectOnly')}{' '}
            <button type="button" className="button-link" onClick={() => update({ projectId: null })}>
              {t('inbox.showAll')}
            </button>
          </p>
        )}
      </form>
      <QueryState query={inbox}>
        {(data) => (
          <>
            <TaskTable tasks={data.items} />
            <Pager
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onPage={(p) => update({ page: String(p) })}
            />
          </>
        )}
      </QueryState>
    </>
  );
}

function TaskTable({ tasks }: { tasks: Task[] }) {
  const { t } = useTranslation();
  const text = useClaimsText();
  const now = useNow();
  if (tasks.length === 0) return <p className="empty">{t('inbox.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('inbox.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.task')}</th>
            <th scope="col">{t('inbox.project')}</th>
            <th scope="col">{t('inbox.deadline')}</th>
            <th scope="col">{t('inbox.status')}</th>
            <th scope="col">{text.inbox.holder}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => {
            const late = isOverdue(task, now);
            return (
              <tr key={task.id} className={late ? 'row-overdue' : undefined}>
                <td>
                  <Link to={`/tasks/${task.id}`}>{task.title}</Link>
                </td>
                <td>{task.project.title}</td>
                <td>
                  <DateTime value={task.dueAt} /> {late && <OverdueBadge />}
                </td>
                <td>
                  <StatusBadge status={task.status} />
                </td>
                <td>{task.assignee?.fullName ?? <span className="muted">{text.inbox.nobody}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
