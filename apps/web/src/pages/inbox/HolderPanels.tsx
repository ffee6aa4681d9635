import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../api/client';
import type { HandoverCandidate, Task } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import { useClaimsText } from '../../tasks/claims-text';

/** After an action that changes who holds the task: the task, its timeline and the inbox are read again. */
function useRefreshTask(taskId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['task', taskId] });
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  };
}

/** The holder (or their Kepala OPD) gives the task back to the OPD's open work (POST /tasks/:id/release). */
export function ReleasePanel({ task }: { task: Task }) {
  const text = useClaimsText();
  const refresh = useRefreshTask(task.id);
  // Once released, the task page offers the claim again and shows nobody holding the task.
  const release = useMutation({
    mutationFn: () => post<{ state: Task['status'] }>(`/tasks/${task.id}/release`),
    onSuccess: refresh,
  });
  return (
    <section className="card card-action" aria-labelledby="release-title">
      <h2 id="release-title" className="visually-hidden">
        {text.task.release}
      </h2>
      <p>{text.task.releaseHelp}</p>
      <button
        type="button"
        className="button-secondary"
        disabled={release.isPending}
        onClick={() => {
          if (window.confirm(text.task.releaseConfirm)) release.mutate();
        }}
      >
        {release.isPending ? text.task.releasing : text.task.release}
      </button>
      {release.error && <ErrorNotice error={release.error} />}
    </section>
  );
}

interface HandOverValues {
  toUserId: string;
  reason: string;
}

/**
 * The Kepala OPD hands the task to another staff member of the OPD, with the reason
 * (POST /tasks/:id/reassign with toUserId); whom to, from GET /tasks/:id/handover-candidates.
 */
export function HandOverPanel({ task }: { task: Task }) {
  const { t } = useTranslation();
  const text = useClaimsText();
  const refresh = useRefreshTask(task.id);
  const [open, setOpen] = useState(false);
  const [handedTo, setHandedTo] = useState<string | null>(null);
  const candidates = useQuery({
    queryKey: ['task', task.id, 'handover-candidates', task.assignee?.id ?? null],
    queryFn: () => api<HandoverCandidate[]>(`/tasks/${task.id}/handover-candidates`),
    enabled: open,
  });
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<HandOverValues>({ defaultValues: { toUserId: '', reason: '' } });
  const handOver = useMutation({
    mutationFn: ({ toUserId, reason }: HandOverValues) =>
      post(`/tasks/${task.id}/reassign`, { toUserId, reason: reason.trim() }),
    onSuccess: async (_answer, values) => {
      setHandedTo(candidates.data?.find((c) => c.id === values.toUserId)?.fullName ?? null);
      reset();
      setOpen(false);
      await refresh();
    },
  });
  const aria = (name: keyof HandOverValues) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `handover-${name}-error` : undefined,
  });
  return (
    <section className="card card-action" aria-labelledby="handover-title">
      <h2 id="handover-title">{text.task.handOver}</h2>
      {handedTo && (
        <p className="notice notice-success" role="status">
          {text.task.handedOver(handedTo)}
        </p>
      )}
      {!open ? (
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setHandedTo(null);
            setOpen(true);
          }}
        >
          {text.task.handOver}
        </button>
      ) : (
        <>
          <p className="help">{text.task.handOverHelp}</p>
          {candidates.error && <ErrorNotice error={candidates.error} />}
          {candidates.data?.length === 0 && <p className="empty">{text.task.noCandidates}</p>}
          <form noValidate onSubmit={(event) => void handleSubmit((v) => handOver.mutate(v))(event)}>
            <div className={errors.toUserId ? 'field field-invalid' : 'field'}>
              <label htmlFor="handover-toUserId">{text.task.handOverTo}</label>
              <select
                id="handover-toUserId"
                {...aria('toUserId')}
                {...register('toUserId', { required: text.task.chooseRequired })}
              >
                <option value="">{text.task.choose}</option>
                {(candidates.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.fullName}
                    {c.position ? ` — ${c.position}` : ''}
                  </option>
                ))}
              </select>
              <FieldMessage id="handover-toUserId-error" messages={errors.toUserId?.message} />
            </div>
            <div className={errors.reason ? 'field field-invalid' : 'field'}>
              <label htmlFor="handover-reason">{text.task.reason}</label>
              <textarea
                id="handover-reason"
                rows={2}
                {...aria('reason')}
                {...register('reason', { validate: (v) => v.trim() !== '' || text.task.reasonRequired })}
              />
              <FieldMessage id="handover-reason-error" messages={errors.reason?.message} />
            </div>
            {handOver.error && <ErrorNotice error={handOver.error} />}
            <div className="actions">
              <button type="submit" disabled={handOver.isPending}>
                {handOver.isPending ? text.task.handingOver : text.task.handOverSubmit}
              </button>
              <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
