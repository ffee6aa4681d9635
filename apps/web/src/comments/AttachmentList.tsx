import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n';
import { ErrorNotice } from '../components/QueryState';
import { downloadAttachment, formatSize, thumbnailDataUrl, type AttachmentView } from './comments-api';

/** Comments and files as plain stacked lists (the app's stylesheet has no list style for them). */
export const LIST_STYLE = { listStyle: 'none', padding: 0, margin: 0 } as const;

/** Files of a comment or a contribution: a thumbnail for each photo, and a download button for every file. */
export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
  const { t } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-list" style={LIST_STYLE} aria-label={t('comments.attachments')}>
      {attachments.map((a) => (
        <AttachmentItem key={a.id} attachment={a} />
      ))}
    </ul>
  );
}

function AttachmentItem({ attachment }: { attachment: AttachmentView }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<Error | null>(null);
  const thumbnail = useQuery({
    queryKey: ['attachment', attachment.id, 'thumbnail'],
    queryFn: () => thumbnailDataUrl(attachment.id),
    enabled: attachment.hasThumbnail,
    staleTime: Infinity,
  });
  const download = () => {
    setError(null);
    downloadAttachment(attachment).catch((e: unknown) =>
      setError(e instanceof Error ? e : new Error(String(e))),
    );
  };
  return (
    <li className="attachment">
      {thumbnail.data && (
        <img
          src={thumbnail.data}
          alt={t('comments.photoOf', { name: attachment.fileName })}
          style={{ maxWidth: 160, maxHeight: 160, display: 'block' }}
        />
      )}
      <button type="button" className="button-link" onClick={download}>
        {t('comments.download', { name: attachment.fileName })}
      </button>{' '}
      <span className="muted small">({formatSize(attachment.sizeBytes, currentLang(i18n.language))})</span>
      {error && <ErrorNotice error={error} />}
    </li>
  );
}
