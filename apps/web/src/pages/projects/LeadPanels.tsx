import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../api/client';
import type { Agency, ProjectDetail } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import { agenciesToAdd, reassignableSteps, reassignTargets } from '../../projects/lead-actions';

function useAgencies() {
  return useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
}

function useRefreshProject(projectId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['project', projectId] });
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  };
}

/** The choices of an OPD select: a prompt, then "Name (CODE)" per OPD. */
function AgencyOptions({ agencies }: { agencies: readonly Agency[] }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t('lead.chooseAgency')}</option>
      {agencies.map((a) => (
        <option key={a.code} value={a.code}>
          {a.name} ({a.code})
        </option>
      ))}
    </>
  );
}

interface ReassignValues {
  taskId: string;
  toAgencyCode: string;
  reason: string;
}

/** The lead moves an open task to another OPD, with the reason (POST /tasks/:id/reassign). */
export function ReassignPanel({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const agencies = useAgencies();
  const refresh = useRefreshProject(project.id);
  const steps = reassignableSteps(project.steps);
  const {
    register,
    handleSubmit,
    control,
    reset,
    formState: { errors },
  } = useForm<ReassignValues>({ defaultValues: { taskId: '', toAgencyCode: '', reason: '' } });
  const taskId = useWatch({ control, name: 'taskId' });
  const reassign = useMutation({
    mutationFn: ({ taskId, toAgencyCode, reason }: ReassignValues) =>
      post(`/tasks/${taskId}/reassign`, { toAgencyCode, reason: reason.trim() }),
    onSuccess: async () => {
      reset();
      setOpen(false);
      await refresh();
    },
  });
  if (steps.length === 0) return null;
  if (!open) {
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {t('lead.reassign')}
      </button>
    );
  }
  const chosen = steps.find((s) => s.task?.id === taskId);
  const targets = reassignTargets(agencies.data ?? [], chosen?.task?.agency.code);
  const aria = (name: keyof ReassignValues) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `reassign-${name}-error` : undefined,
  });
  return (
    <section className="card card-action" aria-labelledby="reassign-title">
      <h2 id="reassign-title">{t('lead.reassign')}</h2>
      <p className="help">{t('lead.reassignHelp')}</p>
      <form noValidate onSubmit={(event) => void handleSubmit((v) => reassign.mutate(v))(event)}>
        <div className={errors.taskId ? 'field field-invalid' : 'field'}>
          <label htmlFor="reassign-taskId">{t('lead.task')}</label>
          <select
            id="reassign-taskId"
            {...aria('taskId')}
            {...register('taskId', { required: t('lead.taskRequired') })}
          >
            <option value="">{t('lead.chooseTask')}</option>
            {steps.map((s) => (
              <option key={s.key} value={s.task?.id}>
                {s.title} — {s.task?.agency.code}
              </option>
            ))}
          </select>
          <FieldMessage id="reassign-taskId-error" messages={errors.taskId?.message} />
        </div>
        <div className={errors.toAgencyCode ? 'field field-invalid' : 'field'}>
          <label htmlFor="reassign-toAgencyCode">{t('lead.toAgency')}</label>
          <select
            id="reassign-toAgencyCode"
            {...aria('toAgencyCode')}
            {...register('toAgencyCode', { required: t('lead.agencyRequired') })}
          >
            <AgencyOptions agencies={targets} />
          </select>
          <FieldMessage id="reassign-toAgencyCode-error" messages={errors.toAgencyCode?.message} />
        </div>
        <div className={errors.reason ? 'field field-invalid' : 'field'}>
          <label htmlFor="reassign-reason">{t('lead.reason')}</label>
          <textarea
            id="reassign-reason"
            rows={2}
            {...aria('reason')}
            {...register('reason', { validate: (v) => v.trim() !== '' || t('lead.reasonRequired') })}
          />
          <FieldMessage id="reassign-reason-error" messages={errors.reason?.message} />
        </div>
        {reassign.error && <ErrorNotice error={reassign.error} />}
        <div className="actions">
          <button type="submit" disabled={reassign.isPending}>
            {t('lead.reassignConfirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

interface AddValues {
  agencyCode: string;
  title: string;
  instructions: string;
  slaDays: string;
}

/** The lead adds an OPD to the project with a task of its own (POST /projects/:id/agencies). */
export function AddAgencyPanel({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const agencies = useAgencies();
  const refresh = useRefreshProject(project.id);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<AddValues>({ defaultValues: { agencyCode: '', title: '', instructions: '', slaDays: '' } });
  const add = useMutation({
    mutationFn: (v: AddValues) =>
      post(`/projects/${project.id}/agencies`, {
        agencyCode: v.agencyCode,
        title: v.title.trim(),
        ...(v.instructions.trim() ? { instructions: v.instructions.trim() } : {}),
        ...(v.slaDays.trim() ? { sla: { amount: Number(v.slaDays), unit: 'workingDays' } } : {}),
      }),
    onSuccess: async () => {
      reset();
      setOpen(false);
      await refresh();
    },
  });
  if (!open) {
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {t('lead.addAgency')}
      </button>
    );
  }
  const candidates = agenciesToAdd(agencies.data ?? [], project);
  const aria = (name: keyof AddValues) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `add-${name}-error` : undefined,
  });
  return (
    <section className="card card-action" aria-labelledby="add-agency-title">
      <h2 id="add-agency-title">{t('lead.addAgency')}</h2>
      <form noValidate onSubmit={(event) => void handleSubmit((v) => add.mutate(v))(event)}>
        <div className={errors.agencyCode ? 'field field-invalid' : 'field'}>
          <label htmlFor="add-agencyCode">{t('lead.agency')}</label>
          <select
            id="add-agencyCode"
            {...aria('agencyCode')}
            {...register('agencyCode', { required: t('lead.agencyRequired') })}
          >
            <AgencyOptions agencies={candidates} />
          </select>
          <FieldMessage id="add-agencyCode-error" messages={errors.agencyCode?.message} />
        </div>
        <div className={errors.title ? 'field field-invalid' : 'field'}>
          <label htmlFor="add-title">{t('lead.taskTitle')}</label>
          <input
            id="add-title"
            {...aria('title')}
            {...register('title', { validate: (v) => v.trim() !== '' || t('lead.titleRequired') })}
          />
          <FieldMessage id="add-title-error" messages={errors.title?.message} />
        </div>
        <div className="field">
          <label htmlFor="add-instructions">{t('lead.instructions')}</label>
          <textarea id="add-instructions" rows={3} {...register('instructions')} />
        </div>
        <div className={errors.slaDays ? 'field field-invalid' : 'field'}>
          <label htmlFor="add-slaDays">{t('lead.sla')}</label>
          <input
            id="add-slaDays"
            type="number"
            inputMode="numeric"
            min={1}
            {...aria('slaDays')}
            {...register('slaDays', {
              validate: (v) => v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) || t('lead.slaInvalid'),
            })}
          />
          <FieldMessage id="add-slaDays-error" messages={errors.slaDays?.message} />
        </div>
        {add.error && <ErrorNotice error={add.error} />}
        <div className="actions">
          <button type="submit" disabled={add.isPending}>
            {t('lead.addConfirm')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
