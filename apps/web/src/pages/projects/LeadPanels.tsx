import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../api/client';
import type { Agency, ProjectDetail, TemplateDetail } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import { currentLang } from '../../i18n';
import { agenciesToAdd, reassignableSteps, reassignTargets } from '../../projects/lead-actions';
import {
  addAgencyBody,
  emptyNewField,
  NEW_FIELD_TYPES,
  stepsNotStarted,
  type AddAgencyDraft,
  type FormChoice,
} from './added-step-form';

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

/**
 * Texts of the form choice and step links below, until the lead moves them into i18n/id.ts and en.ts (keys
 * lead.formChoice…, lead.dependsOn, lead.before).
 */
const ADD_STEP_TEXT = {
  id: {
    formChoice: 'Formulir untuk OPD ini',
    summary: 'Ringkasan saja',
    template: 'Formulir dari langkah templat',
    new: 'Formulir baru',
    templateStep: 'Langkah templat',
    chooseTemplateStep: '— pilih langkah —',
    templateStepRequired: 'Pilih langkah templat yang formulirnya dipakai.',
    templateStepHelp: 'Instruksi dan tenggat langkah itu dipakai bila tidak diisi di atas.',
    dependsOn: 'Menunggu langkah (opsional)',
    before: 'Langkah yang menunggu OPD ini (hanya yang belum dimulai)',
    labelRequired: 'Tuliskan label isian.',
  },
  en: {
    formChoice: 'Form for this OPD',
    summary: 'Summary only',
    template: 'Form of a template step',
    new: 'New form',
    templateStep: 'Template step',
    chooseTemplateStep: '— choose a step —',
    templateStepRequired: 'Choose the template step whose form is used.',
    templateStepHelp: "That step's instructions and deadline apply unless given above.",
    dependsOn: 'Waits for steps (optional)',
    before: 'Steps that wait for this OPD (only those not yet started)',
    labelRequired: 'Write the field label.',
  },
} as const;

/** The steps of the project's template version, for "Formulir dari langkah templat". */
function useTemplateSteps(project: ProjectDetail, enabled: boolean) {
  const template = project.template;
  return useQuery({
    queryKey: ['templates', template?.code, template?.version],
    queryFn: () =>
      api<TemplateDetail>(
        `/templates/${encodeURIComponent(template!.code)}/versions/${String(template!.version)}`,
      ),
    enabled: enabled && template !== null,
  });
}

/**
 * The lead adds an OPD to the project with a task of its own (POST /projects/:id/agencies): its form (a
 * summary, a template step's form, or a new one), the steps it waits for and the steps not yet started that
 * must wait for it.
 */
export function AddAgencyPanel({ project }: { project: ProjectDetail }) {
  const { t, i18n } = useTranslation();
  const text = ADD_STEP_TEXT[currentLang(i18n.language)];
  const [open, setOpen] = useState(false);
  const agencies = useAgencies();
  const refresh = useRefreshProject(project.id);
  const {
    register,
    handleSubmit,
    reset,
    control,
    formState: { errors },
  } = useForm<AddAgencyDraft>({
    defaultValues: {
      agencyCode: '',
      title: '',
      instructions: '',
      slaDays: '',
      formChoice: 'summary',
      fromStep: '',
      fields: [emptyNewField()],
      dependsOn: [],
      before: [],
    },
  });
  const fields = useFieldArray({ control, name: 'fields' });
  const formChoice = useWatch({ control, name: 'formChoice' });
  const templateSteps = useTemplateSteps(project, open && formChoice === 'template');
  const add = useMutation({
    mutationFn: (draft: AddAgencyDraft) => post(`/projects/${project.id}/agencies`, addAgencyBody(draft)),
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
  const waiting = stepsNotStarted(project.steps);
  const aria = (name: 'agencyCode' | 'title' | 'slaDays' | 'fromStep') => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `add-${name}-error` : undefined,
  });
  const choices: FormChoice[] = project.template ? ['summary', 'template', 'new'] : ['summary', 'new'];
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
        <fieldset className="field">
          <legend>{text.formChoice}</legend>
          <div className="choices">
            {choices.map((choice) => (
              <label key={choice} className="choice">
                <input type="radio" value={choice} {...register('formChoice')} />
                {text[choice]}
              </label>
            ))}
          </div>
        </fieldset>
        {formChoice === 'template' && (
          <div className={errors.fromStep ? 'field field-invalid' : 'field'}>
            <label htmlFor="add-fromStep">{text.templateStep}</label>
            <select
              id="add-fromStep"
              {...aria('fromStep')}
              {...register('fromStep', {
                validate: (v) => formChoice !== 'template' || v !== '' || text.templateStepRequired,
              })}
            >
              <option value="">{text.chooseTemplateStep}</option>
              {(templateSteps.data?.definition.steps ?? []).map((s) => (
                <option key={s.key} value={s.key}>
                  {s.title}
                </option>
              ))}
            </select>
            <p className="help">{text.templateStepHelp}</p>
            <FieldMessage id="add-fromStep-error" messages={errors.fromStep?.message} />
          </div>
        )}
        {formChoice === 'new' && (
          <>
            {fields.fields.map((row, f) => {
              const fieldErrors = errors.fields?.[f];
              const fid = (name: string) => `add-field-${f}-${name}`;
              return (
                <fieldset key={row.id} className="editor-row">
                  <legend>{t('templateEditor.fieldN', { n: f + 1 })}</legend>
                  <div className="inline-form">
                    <div className={fieldErrors?.label ? 'field field-invalid' : 'field'}>
                      <label htmlFor={fid('label')}>{t('templateEditor.label')}</label>
                      <input
                        id={fid('label')}
                        aria-invalid={fieldErrors?.label ? true : undefined}
                        aria-describedby={fieldErrors?.label ? fid('label-error') : undefined}
                        {...register(`fields.${f}.label`, {
                          validate: (v) => formChoice !== 'new' || v.trim() !== '' || text.labelRequired,
                        })}
                      />
                      <FieldMessage id={fid('label-error')} messages={fieldErrors?.label?.message} />
                    </div>
                    <div className="field">
                      <label htmlFor={fid('type')}>{t('templateEditor.type')}</label>
                      <select id={fid('type')} {...register(`fields.${f}.type`)}>
                        {NEW_FIELD_TYPES.map((type) => (
                          <option key={type} value={type}>
                            {t(`templateEditor.fieldType.${type}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={fid('unit')}>{t('templateEditor.unit')}</label>
                      <input id={fid('unit')} {...register(`fields.${f}.unit`)} />
                    </div>
                    <label className="choice">
                      <input id={fid('required')} type="checkbox" {...register(`fields.${f}.required`)} />
                      {t('templateEditor.required')}
                    </label>
                  </div>
                  {fields.fields.length > 1 && (
                    <button type="button" className="button-secondary" onClick={() => fields.remove(f)}>
                      {t('templateEditor.removeField')}
                    </button>
                  )}
                </fieldset>
              );
            })}
            <div className="actions">
              <button
                type="button"
                className="button-secondary"
                onClick={() => fields.append(emptyNewField())}
              >
                {t('templateEditor.addField')}
              </button>
            </div>
          </>
        )}
        <fieldset className="field">
          <legend>{text.dependsOn}</legend>
          <div className="choices choices-columns">
            {project.steps.map((s) => (
              <label key={s.key} className="choice">
                <input type="checkbox" value={s.key} {...register('dependsOn')} />
                {s.title}
              </label>
            ))}
          </div>
        </fieldset>
        {waiting.length > 0 && (
          <fieldset className="field">
            <legend>{text.before}</legend>
            <div className="choices choices-columns">
              {waiting.map((s) => (
                <label key={s.key} className="choice">
                  <input type="checkbox" value={s.key} {...register('before')} />
                  {s.title}
                </label>
              ))}
            </div>
          </fieldset>
        )}
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
