import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { worksForAgency } from '@gotong/domain/permissions';
import { api } from '../api/client';
import type { Contribution, Task } from '../api/types';
import { useUser } from '../auth/AuthProvider';
import { AttachmentList } from './AttachmentList';
import { CommentThread, Refusal } from './CommentThread';
import { ATTACHMENT_ACCEPT, fileProblem, uploadAttachment, type AttachmentView } from './comments-api';

/**
 * A task's evidence and discussion: the files attached to each submitted version (a photo, a scanned letter,
 * a spreadsheet; the task's OPD adds them to its latest version once submitted, so the submission itself and
 * the workflow stay as they are), then the comment thread.
 */
export function TaskDiscussion({ task }: { task: Task }) {
  const contributions = useQuery({
    queryKey: ['task', task.id, 'contributions'],
    queryFn: () => api<Contribution[]>(`/tasks/${task.id}/contributions`),
  });
  const versions = contributions.data ?? [];
  return (
    <>
      {versions.length > 0 && <ContributionEvidence task={task} versions={versions.map((c) => c.version)} />}
      <CommentThread subject="tasks" id={task.id} />
    </>
  );
}

function ContributionEvidence({ task, versions }: { task: Task; versions: number[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const headingId = useId();
  const latest = Math.max(...versions);
  const ownOpd = worksForAgency({ role: user.role, agencyId: user.agencyCode }, task.agency.code);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('comments.evidence')}</h2>
      {[...versions].reverse().map((version) => (
        <VersionFiles key={version} taskId={task.id} version={version} />
      ))}
      {ownOpd && <EvidenceUpload taskId={task.id} version={latest} />}
    </section>
  );
}

function VersionFiles({ taskId, version }: { taskId: string; version: number }) {
  const { t } = useTranslation();
  const files = useQuery({
    queryKey: ['task', taskId, 'contributions', version, 'attachments'],
    queryFn: () => api<AttachmentView[]>(`/tasks/${taskId}/contributions/${version}/attachments`),
  });
  if (!files.data || files.data.length === 0) return null;
  return (
    <>
      <h3>{t('comments.evidenceOfVersion', { version })}</h3>
      <AttachmentList attachments={files.data} />
    </>
  );
}

function EvidenceUpload({ taskId, version }: { taskId: string; version: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) =>
      uploadAttachment(`/tasks/${taskId}/contributions/${version}/attachments`, chosen),
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = '';
      await queryClient.invalidateQueries({
        queryKey: ['task', taskId, 'contributions', version, 'attachments'],
      });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setProblem(t('comments.fileRequired'));
    const refused = fileProblem(file);
    if (refused) {
      return setProblem(
        refused === 'tooLarge'
          ? t('comments.fileTooLarge', { name: file.name })
          : t('comments.fileTypeNotAllowed', { name: file.name }),
      );
    }
    setProblem(null);
    upload.mutate(file);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('comments.evidenceUpload', { version })}>
      <div className="field">
        <label htmlFor={inputId}>{t('comments.evidenceUpload', { version })}</label>
        <input
          id={inputId}
          ref={input}
          type="file"
          accept={ATTACHMENT_ACCEPT}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <p className="help">{t('comments.filesHelp')}</p>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button-secondary" disabled={upload.isPending}>
        {upload.isPending ? t('comments.sending') : t('comments.attach')}
      </button>
      {upload.error && <Refusal error={upload.error} />}
    </form>
  );
}
