import type { Language, RenderedMessage } from '@gotong/notifications/types';

/** One delivery, as the channel sends it. */
export interface ChannelMessage {
  deliveryId: string;
  notificationId: string;
  kind: string;
  urgent: boolean;
  language: Language;
  rendered: RenderedMessage;
  /** Absolute link into the web app. */
  link: string | null;
  recipient: { userId: string; name: string; email: string | null; phone: string | null };
  createdAt: string;
}
