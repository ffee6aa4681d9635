import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../api/client';
import type { Contribution, Task } from '../../api/types';
import { ContributionValues } from '../../components/ContributionValues';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';

type Decision = 'ACCEPT' | 'RETURN';

/** The lead reads a submitted contribution and accepts it or returns it with a note. */
export function ReviewPanel({ projectId, taskId }: { projectId: string; taskId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const task = useQuery({ queryKey: ['task', taskId], queryFn: () => api<Task>(`/tasks/${taskId}`) });
  const contributions = useQuery({
    queryKey: ['task', taskId, 'contributions'],
    queryFn: () => api<Contribution[]>(`/tasks/${taskId}/contributions`),
  });
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<{ note: string }>({ defaultValues: { note: '' } });
  const review = useMutation({
    mutationFn: (body: { decision: Decision; note?: string }) => post(`/tasks/${taskId}/review`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['project', projectId] });
      void queryClient.invalidateQueries({ queryKey: ['task', taskId] });
    },
  });
  const latest = contributions.data?.at(-1);
  const noteId = `review-note-${taskId}`;
  // The button pressed (its value) is the decision; a return needs a note.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const decision: Decision =
      submitter instanceof HTMLButtonElement && submitter.value === 'RETURN' ? 'RETURN' : 'ACCEPT';
    void handleSubmit(({ note }) => {
      if (decision === 'RETURN' && note.trim() === '') {
        setError('note', { type: 'required', message: t('project.noteRequired') });
        setFocus('note');
        return;
      }
      review.mutate({ decision, ...(note.trim() ? { note: note.trim() } : {}) });
    })(event);
  };

  return (
    <section className="card card-action" aria-labelledby={`review-${taskId}`}>
      <h2 id={`review-${taskId}`}>{t('project.reviewTitle', { agency: task.data?.agency.name ?? '' })}</h2>
      {task.data && <p className="muted">{task.data.title}</p>}
      {latest && task.data && (
        <>
          <h3>{t('project.submittedValues')}</h3>
          <p className="muted">
            {t('task.submittedBy', { name: latest.submittedBy.fullName })},{' '}
            <DateTime value={latest.submittedAt} />
          </p>
          <ContributionValues form={task.data.form} values={latest.values} />
        </>
      )}
      <form noValidate onSubmit={onSubmit}>
        <div className={errors.note ? 'field field-invalid' : 'field'}>
          <label htmlFor={noteId}>{t('project.note')}</label>
          <p id={`${noteId}-help`} className="help">
            {t('project.noteHelp')}
          </p>
          <textarea
            id={noteId}
            rows={3}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={`${noteId}-help${errors.note ? ` ${noteId}-error` : ''}`}
            {...register('note')}
          />
          <FieldMessage id={`${noteId}-error`} messages={errors.note?.message} />
        </div>
        <div className="actions">
          <button type="submit" name="decision" value="ACCEPT" disabled={review.isPending}>
            {t('project.accept')}
          </button>
          <button
            type="submit"
            name="decision"
            value="RETURN"
            className="button-secondary"
            disabled={review.isPending}
          >
            {t('project.return')}
          </button>
        </div>
      </form>
      {review.error && <ErrorNotice error={review.error} />}
    </section>
  );
}
