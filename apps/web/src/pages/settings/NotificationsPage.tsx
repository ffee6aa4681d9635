import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, query } from '../../api/client';
import type { NotificationPage } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { appRoute } from '../../notifications/links';
import { listKey, useMarkAllRead, useMarkRead } from '../../notifications/useNotifications';
import { useFilterParams } from '../../components/useFilterParams';

/** Every notification of the user, newest first, with the unread ones marked; the bell shows the latest. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useFilterParams();
  const unreadOnly = params.get('unread') === 'true';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const notifications = useQuery({
    // Under the bell's key, so that the live stream and "mark as read" refresh this list too.
    queryKey: [...listKey, { unreadOnly, page }],
    queryFn: () =>
      api<NotificationPage>(`/notifications${query({ unread: unreadOnly, page, pageSize: 20 })}`),
  });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  return (
    <>
      <div className="page-head">
        <h1>{t('notificationsPage.title')}</h1>
        <button type="button" className="button-secondary" onClick={() => markAll.mutate()}>
          {t('bell.markAllRead')}
        </button>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="notifications-show">{t('notificationsPage.show')}</label>
          <select
            id="notifications-show"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(e) => setParams(e.target.value === 'unread' ? { unread: 'true' } : {})}
          >
            <option value="all">{t('notificationsPage.all')}</option>
            <option value="unread">{t('notificationsPage.unreadOnly')}</option>
          </select>
        </div>
      </form>
      <QueryState query={notifications}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('bell.empty')}</p>
          ) : (
            <>
              <p className="muted">{t('notificationsPage.unreadCount', { count: data.unread })}</p>
              <ul className="bell-list notification-list">
                {data.items.map((n) => {
                  const route = appRoute(n.link);
                  const unread = n.readAt === null;
                  return (
                    <li key={n.id} className={unread ? 'bell-item bell-item-unread' : 'bell-item'}>
                      <p className="bell-item-title">
                        {unread && <span className="visually-hidden">{t('bell.unread')}: </span>}
                        {n.urgent && (
                          <span className="badge badge-overdue">{t('notificationsPage.urgent')}</span>
                        )}{' '}
                        {route ? (
                          <Link to={route} onClick={() => unread && markRead.mutate(n.id)}>
                            {n.title}
                          </Link>
                        ) : (
                          n.title
                        )}
                      </p>
                      <p className="bell-item-body">{n.body}</p>
                      <p className="bell-item-meta">
                        <DateTime value={n.createdAt} />
                        {unread && (
                          <button type="button" className="button-link" onClick={() => markRead.mutate(n.id)}>
                            {t('bell.markRead')}
                          </button>
                        )}
                      </p>
                    </li>
                  );
                })}
              </ul>
              <Pager
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPage={(p) => setParams({ ...(unreadOnly ? { unread: 'true' } : {}), page: String(p) })}
              />
            </>
          )
        }
      </QueryState>
    </>
  );
}
