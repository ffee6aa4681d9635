import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { IncidentDashboard, IncidentStatus } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import { nextStatuses } from '../../emergency/incident-model';

/** The command changes the incident's status (only to a status the lifecycle allows next). */
export function StatusPanel({ incident }: { incident: IncidentDashboard }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const choices = nextStatuses(incident.status);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<{ status: IncidentStatus | ''; reason: string }>({ defaultValues: { status: '', reason: '' } });
  const change = useMutation({
    mutationFn: (body: { status: IncidentStatus; reason?: string }) =>
      post(`/incidents/${incident.id}/status`, body),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  if (choices.length === 0) return null;
  return (
    <section className="card card-action" aria-labelledby="status-title">
      <h2 id="status-title">{t('incident.changeStatus')}</h2>
      <form
        className="inline-form"
        noValidate
        onSubmit={(event) =>
          void handleSubmit(({ status, reason }) => {
            if (status === '') return;
            change.mutate({ status, ...(reason.trim() ? { reason: reason.trim() } : {}) });
          })(event)
        }
      >
        <div className={errors.status ? 'field field-invalid' : 'field'}>
          <label htmlFor="status-to">{t('incident.newStatus')}</label>
          <select
            id="status-to"
            aria-invalid={errors.status ? true : undefined}
            aria-describedby={errors.status ? 'status-to-error' : undefined}
            {...register('status', { required: t('incident.statusRequired') })}
          >
            <option value="">{t('incident.chooseStatus')}</option>
            {choices.map((s) => (
              <option key={s} value={s}>
                {t(`incidentStatus.${s}`)}
              </option>
            ))}
          </select>
          <FieldMessage id="status-to-error" messages={errors.status?.message} />
        </div>
        <div className="field">
          <label htmlFor="status-reason">{t('incident.statusReason')}</label>
          <input id="status-reason" {...register('reason')} />
        </div>
        <button type="submit" disabled={change.isPending}>
          {t('incident.applyStatus')}
        </button>
      </form>
      {change.error && <ErrorNotice error={change.error} />}
    </section>
  );
}

/** The incident's status changes, each with its reason. */
export function StatusHistory({ incident }: { incident: IncidentDashboard }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('incident.history')}</h2>
      <ol className="timeline">
        {incident.statusChanges.map((change) => (
          <li key={`${change.at}-${change.toStatus}`} className="timeline-item">
            <DateTime value={change.at} /> — {t(`incidentStatus.${change.toStatus}`)}
            {change.reason && ` (${change.reason})`}
          </li>
        ))}
      </ol>
    </section>
  );
}
