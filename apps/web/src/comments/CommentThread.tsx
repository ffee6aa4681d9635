import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../components/DateTime';
import { ErrorNotice, QueryState } from '../components/QueryState';
import { AttachmentList, LIST_STYLE } from './AttachmentList';
import {
  addComment,
  ATTACHMENT_ACCEPT,
  commentProblems,
  fileProblem,
  listComments,
  uploadAttachment,
  type CommentSubject,
  type CommentView,
} from './comments-api';

/**
 * The discussion of a task, a project or an incident: its comments, oldest first, each with its author's OPD,
 * the OPDs it mentions and its files; and a form to comment, mention an OPD by writing @CODE (the API notifies
 * it) and attach files. Shown to whoever may read the object (the API checks the same).
 */
export function CommentThread({ subject, id }: { subject: CommentSubject; id: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const comments = useQuery({
    queryKey: ['comments', subject, id],
    queryFn: () => listComments(subject, id),
  });
  return (
    <section className="card comment-thread" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('comments.title')}</h2>
      <QueryState query={comments}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('comments.none')}</p>
          ) : (
            <ol className="comment-list" style={LIST_STYLE}>
              {list.map((c) => (
                <CommentItem key={c.id} comment={c} />
              ))}
            </ol>
          )
        }
      </QueryState>
      <CommentForm subject={subject} id={id} />
    </section>
  );
}

function CommentItem({ comment }: { comment: CommentView }) {
  const { t } = useTranslation();
  return (
    <li className="comment" style={{ borderTop: '1px solid #ddd', paddingTop: '0.5rem' }}>
      <p className="muted small">
        <strong>{comment.author.fullName}</strong> ({comment.agency.code}) ·{' '}
        <DateTime value={comment.createdAt} />
      </p>
      <p className="pre-wrap">{comment.body}</p>
      {comment.mentions.length > 0 && (
        <p className="small">
          {t('comments.mentioned')}{' '}
          {comment.mentions.map((m) => (
            <span key={m.code} className="badge" title={m.name}>
              @{m.code}
            </span>
          ))}
        </p>
      )}
      <AttachmentList attachments={comment.attachments} />
    </li>
  );
}

function CommentForm({ subject, id }: { subject: CommentSubject; id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<Error | null>(null);

  const send = useMutation({
    mutationFn: async () => {
      const comment = await addComment(subject, id, body.trim());
      // The comment stands even if a file is refused: say which one, keep the others.
      for (const file of files) {
        try {
          await uploadAttachment(`/comments/${comment.id}/attachments`, file);
        } catch (error) {
          setUploadError(error instanceof Error ? error : new Error(String(error)));
        }
      }
      return comment;
    },
    onSuccess: async () => {
      setBody('');
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['comments', subject, id] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUploadError(null);
    if (body.trim() === '') {
      setProblem(t('comments.bodyRequired'));
      return;
    }
    const refused = files.map((f) => [f, fileProblem(f)] as const).find(([, p]) => p !== null);
    if (refused) {
      setProblem(
        refused[1] === 'tooLarge'
          ? t('comments.fileTooLarge', { name: refused[0].name })
          : t('comments.fileTypeNotAllowed', { name: refused[0].name }),
      );
      return;
    }
    setProblem(null);
    send.mutate();
  };

  return (
    <form className="comment-form" onSubmit={submit} noValidate aria-label={t('comments.formLabel')}>
      <div className="field">
        <label htmlFor={`${formId}-body`}>{t('comments.body')}</label>
        <textarea
          id={`${formId}-body`}
          rows={3}
          maxLength={4000}
          value={body}
          aria-describedby={`${formId}-help`}
          onChange={(e) => setBody(e.target.value)}
        />
        <p id={`${formId}-help`} className="help">
          {t('comments.mentionHelp')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${formId}-files`}>{t('comments.files')}</label>
        <input
          id={`${formId}-files`}
          ref={fileInput}
          type="file"
          multiple
          accept={ATTACHMENT_ACCEPT}
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
        />
        <p className="help">{t('comments.filesHelp')}</p>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={send.isPending}>
        {send.isPending ? t('comments.sending') : t('comments.send')}
      </button>
      {send.error && <Refusal error={send.error} />}
      {uploadError && (
        <>
          <p className="notice notice-warning">{t('comments.uploadFailed')}</p>
          <Refusal error={uploadError} />
        </>
      )}
    </form>
  );
}

/** A refused comment or upload: in the user's language where the app knows the refusal, else ErrorNotice. */
export function Refusal({ error }: { error: Error }) {
  const { t } = useTranslation();
  const problems = commentProblems(error);
  if (problems.length === 0) return <ErrorNotice error={error} />;
  return (
    <div className="notice notice-error" role="alert">
      <ul className="error-details">
        {problems.map((p, i) => (
          <li key={i}>
            {p.kind === 'mentionNotParty'
              ? t('comments.mentionNotParty', { code: p.code })
              : p.kind === 'mentionUnknown'
                ? t('comments.mentionUnknown', { code: p.code })
                : p.kind === 'fileTooLarge'
                  ? t('comments.fileRefusedTooLarge')
                  : t('comments.fileRefusedType')}
          </li>
        ))}
      </ul>
    </div>
  );
}
