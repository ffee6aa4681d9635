import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';

/** Cancelling needs a reason and a second, deliberate click. */
export function CancelPanel({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const cancel = useMutation({
    mutationFn: (reason: string) => post(`/projects/${projectId}/cancel`, { reason }),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['project', projectId] });
      void queryClient.invalidateQueries({ queryKey: ['projects'] });
    },
  });
  if (!open) {
    return (
      <p>
        <button type="button" className="button-danger" onClick={() => setOpen(true)}>
          {t('project.cancel')}
        </button>
      </p>
    );
  }
  return (
    <section className="card card-danger" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t('project.cancel')}</h2>
      <p>{t('project.cancelHelp')}</p>
      <form
        noValidate
        onSubmit={(event) => void handleSubmit(({ reason }) => cancel.mutate(reason.trim()))(event)}
      >
        <div className={errors.reason ? 'field field-invalid' : 'field'}>
          <label htmlFor="cancel-reason">{t('project.cancelReason')}</label>
          <textarea
            id="cancel-reason"
            rows={3}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? 'cancel-reason-error' : undefined}
            {...register('reason', { validate: (v) => v.trim() !== '' || t('project.cancelReasonRequired') })}
          />
          <FieldMessage id="cancel-reason-error" messages={errors.reason?.message} />
        </div>
        <div className="actions">
          <button type="submit" className="button-danger" disabled={cancel.isPending}>
            {t('project.cancelConfirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </section>
  );
}
