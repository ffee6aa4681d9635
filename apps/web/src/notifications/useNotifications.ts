import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, authHeader, post } from '../api/client';
import type { NotificationPage } from '../api/types';

export const unreadKey = ['notifications', 'unread'] as const;
export const listKey = ['notifications', 'list'] as const;

/** Queries whose answers a new notification may have changed (a task assigned, an escalation, a review). */
const LIVE_KEYS = [['inbox'], ['task'], ['project'], ['projects'], ['escalations'], ['reviews']] as const;

export function useUnreadCount() {
  return useQuery({
    queryKey: unreadKey,
    queryFn: async () => (await api<{ unreadCount: number }>('/notifications/unread-count')).unreadCount,
  });
}

export function useNotificationList(enabled: boolean) {
  return useQuery({
    queryKey: listKey,
    queryFn: () => api<NotificationPage>('/notifications?pageSize=10'),
    enabled,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<{ unreadCount: number }>(`/notifications/${id}/read`),
    onSuccess: ({ unreadCount }) => {
      queryClient.setQueryData(unreadKey, unreadCount);
      void queryClient.invalidateQueries({ queryKey: listKey });
    },
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => post<{ unreadCount: number }>('/notifications/read-all'),
    onSuccess: ({ unreadCount }) => {
      queryClient.setQueryData(unreadKey, unreadCount);
      void queryClient.invalidateQueries({ queryKey: listKey });
    },
  });
}

function unreadCountOf(data: string): number | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null || !('unreadCount' in parsed)) return null;
    const count = parsed.unreadCount;
    return typeof count === 'number' ? count : null;
  } catch {
    return null;
  }
}

function onServerEvent(queryClient: QueryClient, event: string, data: string): void {
  if (event !== 'unread' && event !== 'notification') return; // 'ping' keeps proxies from closing the stream
  const count = unreadCountOf(data);
  if (count !== null) queryClient.setQueryData(unreadKey, count);
  if (event === 'notification') {
    void queryClient.invalidateQueries({ queryKey: listKey });
    for (const queryKey of LIVE_KEYS) void queryClient.invalidateQueries({ queryKey });
  }
}

class StreamRefused extends Error {}

/**
 * Live notifications: GET /notifications/stream (server-sent events). EventSource cannot send the
 * Authorization header, so the stream is read with fetch (@microsoft/fetch-event-source), which also
 * reconnects after network errors. A refused token ends it (the next API call signs the user out).
 */
export function useNotificationStream(token: string | null) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    fetchEventSource('/notifications/stream', {
      headers: authHeader(),
      signal: controller.signal,
      openWhenHidden: true,
      onopen: async (response) => {
        if (!response.ok) throw new StreamRefused(`HTTP ${response.status}`);
        await Promise.resolve();
      },
      onmessage: (message) => onServerEvent(queryClient, message.event, message.data),
      // The server ends a stream when the API shuts down or the token stops being valid; without this the
      // library would stop after a clean end instead of reconnecting (to another replica, or with a new token).
      onclose: () => {
        throw new Error('stream ended by the server');
      },
      onerror: (error: unknown) => {
        if (error instanceof StreamRefused) throw error;
        return 5_000; // reconnect after 5 s
      },
    }).catch(() => undefined);
    return () => controller.abort();
  }, [token, queryClient]);
}
