import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { CLUSTERS } from '@gotong/domain/emergency';
import { api, post } from '../../api/client';
import type { Agency, Cluster, CoverageWarning, IncidentDashboard } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import { UncoveredWarning } from '../../components/UncoveredWarning';
import { agenciesToMobilise, mobilisedAgencies, releasableAgencies } from '../../emergency/command';

type Action = 'mobilise' | 'assign' | 'release';

/**
 * What the command (BPBD, or leadership) does to an open incident besides its status: mobilise another OPD
 * (POST /incidents/:id/agencies), give a mobilised OPD a task (POST /incidents/:id/tasks), release an OPD
 * (POST /incidents/:id/agencies/:code/release, confirmed first). Shown only to those who command it.
 */
export function CommandPanel({ incident }: { incident: IncidentDashboard }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const [warnings, setWarnings] = useState<CoverageWarning[] | undefined>(undefined);
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
  const done = (result?: { warnings?: CoverageWarning[] }) => {
    setWarnings(result?.warnings);
    setAction(null);
  };
  return (
    <section className="card card-action" aria-labelledby="command-title">
      <h2 id="command-title">{t('command.title')}</h2>
      <UncoveredWarning warnings={warnings} />
      {action === null && (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={() => setAction('mobilise')}>
            {t('command.mobilise')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setAction('assign')}>
            {t('command.assign')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setAction('release')}>
            {t('command.release')}
          </button>
        </div>
      )}
      {action === 'mobilise' && (
        <MobiliseForm
          incident={incident}
          candidates={agenciesToMobilise(agencies.data ?? [], incident.agencies)}
          onDone={done}
          onCancel={() => setAction(null)}
        />
      )}
      {action === 'assign' && (
        <AssignForm incident={incident} onDone={done} onCancel={() => setAction(null)} />
      )}
      {action === 'release' && (
        <ReleaseForm incident={incident} onDone={done} onCancel={() => setAction(null)} />
      )}
    </section>
  );
}

interface FormProps {
  incident: IncidentDashboard;
  onDone: (result?: { warnings?: CoverageWarning[] }) => void;
  onCancel: () => void;
}

function useRefresh(incidentId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
}

function aria<T extends string>(errors: Partial<Record<T, unknown>>, prefix: string, name: T) {
  return {
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${prefix}-${name}-error` : undefined,
  };
}

function FormButtons({
  pending,
  submit,
  onCancel,
}: {
  pending: boolean;
  submit: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" disabled={pending}>
        {pending ? t('common.sending') : submit}
      </button>
      <button type="button" className="button-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/** The OPD select every command form starts with: required, with its error under it. */
function AgencyField({
  form,
  agencies,
  error,
  registration,
}: {
  form: Action;
  agencies: readonly Pick<Agency, 'code' | 'name'>[];
  error: string | undefined;
  registration: UseFormRegisterReturn<'agencyCode'>;
}) {
  const { t } = useTranslation();
  const id = `${form}-agencyCode`;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{t('command.agency')}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...registration}
      >
        <option value="">{t('command.chooseAgency')}</option>
        {agencies.map((a) => (
          <option key={a.code} value={a.code}>
            {a.name} ({a.code})
          </option>
        ))}
      </select>
      <FieldMessage id={`${id}-error`} messages={error} />
    </div>
  );
}

interface MobiliseValues {
  agencyCode: string;
  clusters: Cluster[];
}

function MobiliseForm({ incident, candidates, onDone, onCancel }: FormProps & { candidates: Agency[] }) {
  const { t } = useTranslation();
  const refresh = useRefresh(incident.id);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<MobiliseValues>({ defaultValues: { agencyCode: '', clusters: [] } });
  const mobilise = useMutation({
    mutationFn: ({ agencyCode, clusters }: MobiliseValues) =>
      post<{ warnings?: CoverageWarning[] }>(`/incidents/${incident.id}/agencies`, {
        agencyCode,
        ...(Array.isArray(clusters) && clusters.length > 0 ? { clusters } : {}),
      }),
    onSuccess: async (result) => {
      await refresh();
      onDone(result);
    },
  });
  return (
    <form noValidate onSubmit={(event) => void handleSubmit((v) => mobilise.mutate(v))(event)}>
      <h3>{t('command.mobilise')}</h3>
      <p className="help">{t('command.mobiliseHelp')}</p>
      <AgencyField
        form="mobilise"
        agencies={candidates}
        error={errors.agencyCode?.message}
        registration={register('agencyCode', { required: t('command.agencyRequired') })}
      />
      <fieldset className="field">
        <legend>{t('command.clusters')}</legend>
        <div className="choices choices-columns">
          {CLUSTERS.map((cluster) => (
            <label key={cluster} className="choice">
              <input type="checkbox" value={cluster} {...register('clusters')} />
              {t(`cluster.${cluster}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {mobilise.error && <ErrorNotice error={mobilise.error} />}
      <FormButtons pending={mobilise.isPending} submit={t('command.mobiliseSubmit')} onCancel={onCancel} />
    </form>
  );
}

const TASK_UNITS = ['minutes', 'hours'] as const;

interface AssignValues {
  agencyCode: string;
  title: string;
  instructions: string;
  amount: string;
  unit: (typeof TASK_UNITS)[number];
}

function AssignForm({ incident, onDone, onCancel }: FormProps) {
  const { t } = useTranslation();
  const refresh = useRefresh(incident.id);
  const mobilised = mobilisedAgencies(incident.agencies);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<AssignValues>({
    defaultValues: { agencyCode: '', title: '', instructions: '', amount: '2', unit: 'hours' },
  });
  const assign = useMutation({
    mutationFn: (v: AssignValues) =>
      post<{ warnings?: CoverageWarning[] }>(`/incidents/${incident.id}/tasks`, {
        agencyCode: v.agencyCode,
        title: v.title.trim(),
        ...(v.instructions.trim() ? { instructions: v.instructions.trim() } : {}),
        sla: { amount: Number(v.amount.trim()), unit: v.unit },
      }),
    onSuccess: async (result) => {
      await refresh();
      onDone(result);
    },
  });
  return (
    <form noValidate onSubmit={(event) => void handleSubmit((v) => assign.mutate(v))(event)}>
      <h3>{t('command.assign')}</h3>
      <AgencyField
        form="assign"
        agencies={mobilised}
        error={errors.agencyCode?.message}
        registration={register('agencyCode', { required: t('command.agencyRequired') })}
      />
      <div className={errors.title ? 'field field-invalid' : 'field'}>
        <label htmlFor="assign-title">{t('command.taskTitle')}</label>
        <input
          id="assign-title"
          {...aria(errors, 'assign', 'title')}
          {...register('title', { validate: (v) => v.trim() !== '' || t('command.titleRequired') })}
        />
        <FieldMessage id="assign-title-error" messages={errors.title?.message} />
      </div>
      <div className="field">
        <label htmlFor="assign-instructions">{t('command.instructions')}</label>
        <textarea id="assign-instructions" rows={3} {...register('instructions')} />
      </div>
      <div className="inline-form">
        <div className={errors.amount ? 'field field-invalid' : 'field'}>
          <label htmlFor="assign-amount">{t('command.dueIn')}</label>
          <input
            id="assign-amount"
            type="text"
            inputMode="numeric"
            {...aria(errors, 'assign', 'amount')}
            {...register('amount', {
              validate: (v) => /^[1-9]\d*$/.test(v.trim()) || t('command.amountInvalid'),
            })}
          />
          <FieldMessage id="assign-amount-error" messages={errors.amount?.message} />
        </div>
        <div className="field">
          <label htmlFor="assign-unit">{t('command.unit')}</label>
          <select id="assign-unit" {...register('unit')}>
            {TASK_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`slaUnit.${unit}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {assign.error && <ErrorNotice error={assign.error} />}
      <FormButtons pending={assign.isPending} submit={t('command.assignSubmit')} onCancel={onCancel} />
    </form>
  );
}

interface ReleaseValues {
  agencyCode: string;
  reason: string;
}

function ReleaseForm({ incident, onDone, onCancel }: FormProps) {
  const { t } = useTranslation();
  const refresh = useRefresh(incident.id);
  const mobilised = releasableAgencies(incident.agencies);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ReleaseValues>({ defaultValues: { agencyCode: '', reason: '' } });
  const release = useMutation({
    mutationFn: ({ agencyCode, reason }: ReleaseValues) =>
      post(`/incidents/${incident.id}/agencies/${encodeURIComponent(agencyCode)}/release`, {
        reason: reason.trim(),
      }),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) =>
        void handleSubmit((v) => {
          const agency = mobilised.find((a) => a.code === v.agencyCode);
          // Releasing ends the OPD's sitreps: asked once more before it is sent.
          if (
            window.confirm(
              t('command.confirmRelease', {
                agency: agency ? `${agency.name} (${agency.code})` : v.agencyCode,
              }),
            )
          )
            release.mutate(v);
        })(event)
      }
    >
      <h3>{t('command.release')}</h3>
      <p className="help">{t('command.releaseHelp')}</p>
      <AgencyField
        form="release"
        agencies={mobilised}
        error={errors.agencyCode?.message}
        registration={register('agencyCode', { required: t('command.agencyRequired') })}
      />
      <div className={errors.reason ? 'field field-invalid' : 'field'}>
        <label htmlFor="release-reason">{t('command.reason')}</label>
        <textarea
          id="release-reason"
          rows={2}
          {...aria(errors, 'release', 'reason')}
          {...register('reason', { validate: (v) => v.trim() !== '' || t('command.reasonRequired') })}
        />
        <FieldMessage id="release-reason-error" messages={errors.reason?.message} />
      </div>
      {release.error && <ErrorNotice error={release.error} />}
      <FormButtons pending={release.isPending} submit={t('command.releaseSubmit')} onCancel={onCancel} />
    </form>
  );
}
