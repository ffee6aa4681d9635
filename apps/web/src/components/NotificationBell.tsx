import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Notification } from '../api/types';
import { appRoute } from '../notifications/links';
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationList,
  useUnreadCount,
} from '../notifications/useNotifications';
import { DateTime } from './DateTime';

/** The bell: the live unread count, and the latest notifications to open or mark as read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const unread = useUnreadCount().data ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('bell.label', { count: unread })}
        onClick={() => setOpen((was) => !was)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className={unread > 0 ? 'bell-count bell-count-unread' : 'bell-count'} aria-hidden="true">
          {unread}
        </span>
      </button>
      {open && <NotificationPanel id={panelId} onClose={() => setOpen(false)} />}
    </div>
  );
}

function NotificationPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const list = useNotificationList(true);
  const markAll = useMarkAllRead();
  const items = list.data?.items ?? [];
  return (
    <section id={id} className="bell-panel" aria-label={t('bell.title')}>
      <div className="bell-panel-head">
        <h2>{t('bell.title')}</h2>
        <button type="button" className="button-link" onClick={() => markAll.mutate()}>
          {t('bell.markAllRead')}
        </button>
        <button type="button" className="button-link" onClick={onClose}>
          {t('bell.close')}
        </button>
      </div>
      {list.isPending && <p className="muted">{t('common.loading')}</p>}
      {!list.isPending && items.length === 0 && <p className="muted">{t('bell.empty')}</p>}
      <ul className="bell-list">
        {items.map((n) => (
          <NotificationItem key={n.id} notification={n} onOpen={onClose} />
        ))}
      </ul>
      <p>
        <Link to="/notifications" onClick={onClose}>
          {t('bell.all')}
        </Link>
      </p>
    </section>
  );
}

function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen: () => void }) {
  const { t } = useTranslation();
  const markRead = useMarkRead();
  const route = appRoute(notification.link);
  const unread = notification.readAt === null;
  const open = () => {
    if (unread) markRead.mutate(notification.id);
    onOpen();
  };
  return (
    <li className={unread ? 'bell-item bell-item-unread' : 'bell-item'}>
      <p className="bell-item-title">
        {unread && <span className="visually-hidden">{t('bell.unread')}: </span>}
        {route ? (
          <Link to={route} onClick={open}>
            {notification.title}
          </Link>
        ) : (
          notification.title
        )}
      </p>
      <p className="bell-item-body">{notification.body}</p>
      <p className="bell-item-meta">
        <DateTime value={notification.createdAt} />
        {unread && (
          <button type="button" className="button-link" onClick={() => markRead.mutate(notification.id)}>
            {t('bell.markRead')}
          </button>
        )}
      </p>
    </li>
  );
}
