import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type UseFormRegister,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FIELD_TYPES } from '@gotong/domain/form-schema';
import {
  PARAMETER_KEY_PATTERN,
  STEP_KEY_PATTERN,
  TEMPLATE_CATEGORIES,
  TEMPLATE_CODE_PATTERN,
  TEMPLATE_PARAMETER_TYPES,
  type TemplateDefinition,
} from '@gotong/domain/template';
import { api, post } from '../../api/client';
import type { Agency, Schemas, TemplateSummary } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import {
  draftFromDefinition,
  emptyField,
  emptyStep,
  emptyTemplateDraft,
  graphStages,
  templateBody,
  type TemplateDraft,
} from '../../templates/template-draft';

const FIELD_KEY = /^[a-z][a-zA-Z0-9_]*$/;
const SLA_UNITS = ['workingDays', 'workingHours', 'days', 'hours'] as const;

/**
 * Template authoring (POST /templates; a LEAD or ADMIN): a new template, or a new version of one started
 * from its current definition. Parameters, steps (owner OPD, SLA, dependencies) and each step's form; the
 * step graph is previewed in stages as it is edited. The API checks the whole definition and names every
 * problem.
 */
export function TemplateEditorPage() {
  const { t } = useTranslation();
  const [start, setStart] = useState<{ key: string; draft: TemplateDraft } | null>(null);
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: () => api<TemplateSummary[]>('/templates'),
  });
  const load = useMutation({
    mutationFn: (code: string) =>
      api<Schemas['TemplatesGetResponse']>(`/templates/${encodeURIComponent(code)}`),
    onSuccess: (template) =>
      setStart({
        key: `${template.code}-${template.version}`,
        draft: draftFromDefinition(template.definition as TemplateDefinition),
      }),
  });
  return (
    <>
      <h1>{t('templateEditor.title')}</h1>
      <p className="muted">{t('templateEditor.intro')}</p>
      <QueryState query={templates}>
        {(list) => (
          <div className="filters">
            <div className="field">
              <label htmlFor="template-from">{t('templateEditor.startFrom')}</label>
              <select
                id="template-from"
                value=""
                onChange={(e) => {
                  if (e.target.value === '') return;
                  if (e.target.value === '-')
                    setStart({ key: `new-${Date.now()}`, draft: emptyTemplateDraft() });
                  else load.mutate(e.target.value);
                }}
              >
                <option value="">{t('templateEditor.choose')}</option>
                <option value="-">{t('templateEditor.blank')}</option>
                {list.map((tpl) => (
                  <option key={tpl.code} value={tpl.code}>
                    {t('templateEditor.versionOf', { name: tpl.name, version: tpl.version })}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
      </QueryState>
      {load.error && <ErrorNotice error={load.error} />}
      <TemplateForm key={start?.key ?? 'new'} initial={start?.draft ?? emptyTemplateDraft()} />
    </>
  );
}

function TemplateForm({ initial }: { initial: TemplateDraft }) {
  const { t } = useTranslation();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<TemplateDraft>({ defaultValues: initial });
  const parameters = useFieldArray({ control, name: 'parameters' });
  const steps = useFieldArray({ control, name: 'steps' });
  const save = useMutation({
    mutationFn: (draft: TemplateDraft) =>
      post<{ code: string; version: number; name: string }>('/templates', templateBody(draft)),
  });
  const required = (v: string) => v.trim() !== '' || t('problem.required');
  return (
    <form noValidate onSubmit={(event) => void handleSubmit((v) => save.mutate(v))(event)}>
      <section className="card" aria-labelledby="template-about-title">
        <h2 id="template-about-title">{t('templateEditor.about')}</h2>
        <div className={errors.code ? 'field field-invalid' : 'field'}>
          <label htmlFor="template-code">{t('templateEditor.code')}</label>
          <p className="help">{t('templateEditor.codeHelp')}</p>
          <input
            id="template-code"
            aria-invalid={errors.code ? true : undefined}
            aria-describedby={errors.code ? 'template-code-error' : undefined}
            {...register('code', {
              validate: (v) => TEMPLATE_CODE_PATTERN.test(v.trim()) || t('templateEditor.codeInvalid'),
            })}
          />
          <FieldMessage id="template-code-error" messages={errors.code?.message} />
        </div>
        <div className={errors.name ? 'field field-invalid' : 'field'}>
          <label htmlFor="template-name">{t('templateEditor.name')}</label>
          <input id="template-name" {...register('name', { validate: required })} />
          <FieldMessage id="template-name-error" messages={errors.name?.message} />
        </div>
        <div className={errors.description ? 'field field-invalid' : 'field'}>
          <label htmlFor="template-description">{t('templateEditor.description')}</label>
          <textarea id="template-description" rows={2} {...register('description', { validate: required })} />
          <FieldMessage id="template-description-error" messages={errors.description?.message} />
        </div>
        <div className="field">
          <label htmlFor="template-category">{t('templateEditor.category')}</label>
          <select id="template-category" {...register('category')}>
            {TEMPLATE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </div>
      </section>

      <section className="card" aria-labelledby="template-parameters-title">
        <h2 id="template-parameters-title">{t('templateEditor.parameters')}</h2>
        <p className="help">{t('templateEditor.parametersHelp')}</p>
        {parameters.fields.map((row, i) => (
          <fieldset key={row.id} className="editor-row">
            <legend>{t('templateEditor.parameterN', { n: i + 1 })}</legend>
            <div className="inline-form">
              <div className={errors.parameters?.[i]?.key ? 'field field-invalid' : 'field'}>
                <label htmlFor={`parameter-${i}-key`}>{t('templateEditor.key')}</label>
                <input
                  id={`parameter-${i}-key`}
                  {...register(`parameters.${i}.key`, {
                    validate: (v) => PARAMETER_KEY_PATTERN.test(v.trim()) || t('templateEditor.keyInvalid'),
                  })}
                />
                <FieldMessage
                  id={`parameter-${i}-key-error`}
                  messages={errors.parameters?.[i]?.key?.message}
                />
              </div>
              <div className="field">
                <label htmlFor={`parameter-${i}-label`}>{t('templateEditor.label')}</label>
                <input
                  id={`parameter-${i}-label`}
                  {...register(`parameters.${i}.label`, { validate: required })}
                />
              </div>
              <div className="field">
                <label htmlFor={`parameter-${i}-type`}>{t('templateEditor.type')}</label>
                <select id={`parameter-${i}-type`} {...register(`parameters.${i}.type`)}>
                  {TEMPLATE_PARAMETER_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`templateEditor.parameterType.${type}`)}
                    </option>
                  ))}
                </select>
              </div>
              <label className="choice">
                <input type="checkbox" {...register(`parameters.${i}.required`)} />
                {t('templateEditor.required')}
              </label>
              <button type="button" className="button-secondary" onClick={() => parameters.remove(i)}>
                {t('templateEditor.removeParameter')}
              </button>
            </div>
          </fieldset>
        ))}
        <button
          type="button"
          className="button-secondary"
          onClick={() => parameters.append({ key: '', label: '', type: 'kecamatan', required: true })}
        >
          {t('templateEditor.addParameter')}
        </button>
      </section>

      {steps.fields.map((row, i) => (
        <StepEditor
          key={row.id}
          index={i}
          control={control}
          register={register}
          errors={errors}
          agencies={agencies.data ?? []}
          onRemove={steps.fields.length > 1 ? () => steps.remove(i) : undefined}
        />
      ))}
      <p>
        <button type="button" className="button-secondary" onClick={() => steps.append(emptyStep())}>
          {t('templateEditor.addStep')}
        </button>
      </p>

      <GraphPreview control={control} />

      {save.error && <ErrorNotice error={save.error} />}
      {save.isSuccess && (
        <p className="notice notice-success" role="status">
          {t('templateEditor.saved', { name: save.data.name, version: save.data.version })}{' '}
          <Link to="/projects/new">{t('templateEditor.startProject')}</Link>
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('common.sending') : t('templateEditor.save')}
        </button>
      </div>
    </form>
  );
}

function StepEditor({
  index,
  control,
  register,
  errors,
  agencies,
  onRemove,
}: {
  index: number;
  control: Control<TemplateDraft>;
  register: UseFormRegister<TemplateDraft>;
  errors: FieldErrors<TemplateDraft>;
  agencies: readonly Agency[];
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const fields = useFieldArray({ control, name: `steps.${index}.fields` });
  const allSteps = useWatch({ control, name: 'steps' });
  const others = allSteps.filter((s, i) => i !== index && s.key.trim() !== '');
  const stepErrors = errors.steps?.[index];
  const id = (name: string) => `step-${index}-${name}`;
  const required = (v: string) => v.trim() !== '' || t('problem.required');
  return (
    <section className="card" aria-labelledby={id('title-heading')}>
      <h2 id={id('title-heading')}>
        {t('templateEditor.stepN', { n: index + 1 })}
        {allSteps[index]?.title ? `: ${allSteps[index].title}` : ''}
      </h2>
      <div className="inline-form">
        <div className={stepErrors?.key ? 'field field-invalid' : 'field'}>
          <label htmlFor={id('key')}>{t('templateEditor.stepKey')}</label>
          <input
            id={id('key')}
            {...register(`steps.${index}.key`, {
              validate: (v) => STEP_KEY_PATTERN.test(v.trim()) || t('templateEditor.stepKeyInvalid'),
            })}
          />
          <FieldMessage id={id('key-error')} messages={stepErrors?.key?.message} />
        </div>
        <div className={stepErrors?.title ? 'field field-invalid' : 'field'}>
          <label htmlFor={id('title')}>{t('templateEditor.stepTitle')}</label>
          <input id={id('title')} {...register(`steps.${index}.title`, { validate: required })} />
          <FieldMessage id={id('title-error')} messages={stepErrors?.title?.message} />
        </div>
        <div className={stepErrors?.agency ? 'field field-invalid' : 'field'}>
          <label htmlFor={id('agency')}>{t('templateEditor.owner')}</label>
          <select id={id('agency')} {...register(`steps.${index}.agency`)}>
            <option value="">{t('templateEditor.ownerKept')}</option>
            {agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name} ({a.code})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={stepErrors?.instructions ? 'field field-invalid' : 'field'}>
        <label htmlFor={id('instructions')}>{t('templateEditor.instructions')}</label>
        <textarea
          id={id('instructions')}
          rows={2}
          {...register(`steps.${index}.instructions`, { validate: required })}
        />
        <FieldMessage id={id('instructions-error')} messages={stepErrors?.instructions?.message} />
      </div>
      <div className="inline-form">
        <div className={stepErrors?.slaAmount ? 'field field-invalid' : 'field'}>
          <label htmlFor={id('sla')}>{t('templateEditor.sla')}</label>
          <input
            id={id('sla')}
            inputMode="numeric"
            {...register(`steps.${index}.slaAmount`, {
              validate: (v) => /^[1-9]\d*$/.test(v.trim()) || t('extend.amountInvalid'),
            })}
          />
          <FieldMessage id={id('sla-error')} messages={stepErrors?.slaAmount?.message} />
        </div>
        <div className="field">
          <label htmlFor={id('slaUnit')}>{t('templateEditor.slaUnit')}</label>
          <select id={id('slaUnit')} {...register(`steps.${index}.slaUnit`)}>
            {SLA_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`slaUnit.${unit}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {others.length > 0 && (
        <fieldset className="field">
          <legend>{t('templateEditor.dependsOn')}</legend>
          <div className="choices choices-columns">
            {others.map((other) => (
              <label key={other.key} className="choice">
                <input type="checkbox" value={other.key} {...register(`steps.${index}.dependsOn`)} />
                {other.title || other.key}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <h3>{t('templateEditor.form')}</h3>
      {fields.fields.map((row, f) => {
        const fieldErrors = stepErrors?.fields?.[f];
        const fid = (name: string) => `step-${index}-field-${f}-${name}`;
        return (
          <fieldset key={row.id} className="editor-row">
            <legend>{t('templateEditor.fieldN', { n: f + 1 })}</legend>
            <div className="inline-form">
              <div className={fieldErrors?.key ? 'field field-invalid' : 'field'}>
                <label htmlFor={fid('key')}>{t('templateEditor.key')}</label>
                <input
                  id={fid('key')}
                  {...register(`steps.${index}.fields.${f}.key`, {
                    validate: (v) => FIELD_KEY.test(v.trim()) || t('templateEditor.keyInvalid'),
                  })}
                />
                <FieldMessage id={fid('key-error')} messages={fieldErrors?.key?.message} />
              </div>
              <div className={fieldErrors?.label ? 'field field-invalid' : 'field'}>
                <label htmlFor={fid('label')}>{t('templateEditor.label')}</label>
                <input
                  id={fid('label')}
                  {...register(`steps.${index}.fields.${f}.label`, { validate: required })}
                />
                <FieldMessage id={fid('label-error')} messages={fieldErrors?.label?.message} />
              </div>
              <div className="field">
                <label htmlFor={fid('type')}>{t('templateEditor.type')}</label>
                <select id={fid('type')} {...register(`steps.${index}.fields.${f}.type`)}>
                  {FIELD_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`templateEditor.fieldType.${type}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={fid('unit')}>{t('templateEditor.unit')}</label>
                <input id={fid('unit')} {...register(`steps.${index}.fields.${f}.unit`)} />
              </div>
              <div className="field">
                <label htmlFor={fid('perArea')}>{t('templateEditor.perArea')}</label>
                <select id={fid('perArea')} {...register(`steps.${index}.fields.${f}.perArea`)}>
                  <option value="">{t('templateEditor.perAreaNone')}</option>
                  <option value="desa">{t('areaLevel.desa')}</option>
                  <option value="kecamatan">{t('areaLevel.kecamatan')}</option>
                </select>
              </div>
              <label className="choice">
                <input type="checkbox" {...register(`steps.${index}.fields.${f}.required`)} />
                {t('templateEditor.required')}
              </label>
            </div>
            <SelectOptions index={index} field={f} control={control} register={register} />
            {fields.fields.length > 1 && (
              <button type="button" className="button-secondary" onClick={() => fields.remove(f)}>
                {t('templateEditor.removeField')}
              </button>
            )}
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => fields.append(emptyField())}>
          {t('templateEditor.addField')}
        </button>
        {onRemove && (
          <button type="button" className="button-secondary" onClick={onRemove}>
            {t('templateEditor.removeStep')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The choices of a select field, one a line (shown only for that type). */
function SelectOptions({
  index,
  field,
  control,
  register,
}: {
  index: number;
  field: number;
  control: Control<TemplateDraft>;
  register: UseFormRegister<TemplateDraft>;
}) {
  const { t } = useTranslation();
  const type = useWatch({ control, name: `steps.${index}.fields.${field}.type` });
  if (type !== 'select') return null;
  const id = `step-${index}-field-${field}-options`;
  return (
    <div className="field">
      <label htmlFor={id}>{t('templateEditor.options')}</label>
      <textarea id={id} rows={3} {...register(`steps.${index}.fields.${field}.options`)} />
    </div>
  );
}

/** The step graph as it stands: stages of steps that run side by side. */
function GraphPreview({ control }: { control: Control<TemplateDraft> }) {
  const { t } = useTranslation();
  const steps = useWatch({ control, name: 'steps' });
  const stages = graphStages(steps);
  const titleOf = (key: string) => steps.find((s) => s.key === key)?.title || key;
  return (
    <section className="card" aria-labelledby="graph-title">
      <h2 id="graph-title">{t('templateEditor.graph')}</h2>
      {stages.length === 0 ? (
        <p className="empty">{t('templateEditor.graphEmpty')}</p>
      ) : (
        <ol className="stage-list" aria-label={t('templateEditor.graph')}>
          {stages.map((stage, i) => (
            <li key={i}>
              <strong>{t('templateEditor.stage', { n: i + 1 })}</strong>: {stage.map(titleOf).join(', ')}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
