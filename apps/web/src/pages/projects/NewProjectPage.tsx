import { useMutation, useQuery } from '@tanstack/react-query';
import { Controller, useForm, useWatch, type Control, type UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError, post } from '../../api/client';
import type {
  CoverageWarning,
  Page,
  ProjectSummary,
  TemplateDetail,
  TemplateParameter,
  TemplateSummary,
} from '../../api/types';
import { projectKecamatan } from '@gotong/domain/form-schema';
import { AreaPicker } from '../../components/AreaPicker';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { startedWith } from '../../components/UncoveredWarning';
import { useFilterParams } from '../../components/useFilterParams';

/** Step 1: choose a template (kept in the URL). Step 2: its parameters, then POST /projects/from-template. */
export function NewProjectPage() {
  const { t } = useTranslation();
  const [params, setParams] = useFilterParams();
  const code = params.get('template') ?? '';
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: () => api<TemplateSummary[]>('/templates'),
  });
  return (
    <>
      <h1>{t('newProject.title')}</h1>
      <p className="muted">{t('newProject.intro')}</p>
      <QueryState query={templates}>
        {(list) => (
          <div className="field">
            <label htmlFor="template">{t('newProject.template')}</label>
            <select
              id="template"
              value={code}
              onChange={(e) => setParams(e.target.value ? { template: e.target.value } : {})}
            >
              <option value="">{t('newProject.choose')}</option>
              {list.map((tpl) => (
                <option key={tpl.code} value={tpl.code}>
                  {tpl.name} ({t(`category.${tpl.category}`)})
                </option>
              ))}
            </select>
          </div>
        )}
      </QueryState>
      {code && <TemplateForm key={code} code={code} />}
    </>
  );
}

/**
 * The API answers 201 as soon as the project's workflow has started; the project itself is written by the
 * workflow's first activity a moment later. Wait until the list shows it (a 404 from GET /projects/:id in
 * the meantime would only be noise), for at most ~15 s; the project page copes with the rest.
 */
async function untilListed(id: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const page = await api<Page<ProjectSummary>>('/projects?pageSize=20');
    if (page.items.some((p) => p.id === id)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface Values {
  title: string;
  parameters: Record<string, string>;
}

function TemplateForm({ code }: { code: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const template = useQuery({
    queryKey: ['templates', code],
    queryFn: () => api<TemplateDetail>(`/templates/${encodeURIComponent(code)}`),
  });
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors },
  } = useForm<Values>({ defaultValues: { title: '', parameters: {} } });
  const chosen = useWatch({ control, name: 'parameters' });
  const start = useMutation({
    mutationFn: async (body: {
      templateCode: string;
      title?: string;
      parameters: Record<string, string>;
    }) => {
      const created = await post<{ id: string; warnings?: CoverageWarning[] }>(
        '/projects/from-template',
        body,
      );
      await untilListed(created.id);
      return created;
    },
    // An OPD with nobody to do its step is said on the project's page (UncoveredWarning in the Layout).
    onSuccess: (created) => void navigate(`/projects/${created.id}`, startedWith(created.warnings)),
    // The API's refusal of a parameter (e.g. a desa outside the chosen kecamatan) goes next to its field.
    onError: (error) => {
      for (const [key, message] of parameterProblems(error)) {
        setError(`parameters.${key}`, { type: 'server', message });
      }
    },
  });

  const onSubmit = ({ title, parameters }: Values) => {
    const filled = Object.fromEntries(Object.entries(parameters).filter(([, v]) => v.trim() !== ''));
    start.mutate({
      templateCode: code,
      ...(title.trim() ? { title: title.trim() } : {}),
      parameters: filled,
    });
  };

  return (
    <QueryState query={template}>
      {(tpl) => (
        <form className="card" noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
          <h2>{tpl.name}</h2>
          <p>{tpl.description}</p>
          <p className="muted">
            {t('newProject.steps', { steps: tpl.definition.steps.map((s) => s.title).join(' → ') })}
          </p>
          <h3>{t('newProject.parameters')}</h3>
          {tpl.definition.parameters.map((parameter) => (
            <ParameterInput
              key={parameter.key}
              parameter={parameter}
              control={control}
              withinKecamatan={projectKecamatan(
                tpl.definition.parameters.filter((p) => p.type === 'kecamatan'),
                chosen ?? {},
              )}
              requiredText={t('newProject.required')}
              inputProps={
                isAreaParameter(parameter)
                  ? undefined
                  : register(`parameters.${parameter.key}`, {
                      validate: (v) =>
                        !parameter.required || (v ?? '').trim() !== '' || t('newProject.required'),
                    })
              }
              error={errors.parameters?.[parameter.key]?.message}
            />
          ))}
          <div className="field">
            <label htmlFor="project-title">{t('newProject.projectTitle')}</label>
            <p id="project-title-help" className="help">
              {t('newProject.projectTitleHelp')}
            </p>
            <input id="project-title" aria-describedby="project-title-help" {...register('title')} />
          </div>
          {start.error && parameterProblems(start.error).length === 0 && <ErrorNotice error={start.error} />}
          <button type="submit" disabled={start.isPending}>
            {start.isPending ? t('newProject.starting') : t('newProject.start')}
          </button>
        </form>
      )}
    </QueryState>
  );
}

function isAreaParameter(parameter: TemplateParameter): boolean {
  return parameter.type === 'kecamatan' || parameter.type === 'desa';
}

/** The API's messages about parameters ("parameters.desa: …"), as [parameter key, message] pairs. */
function parameterProblems(error: unknown): [string, string][] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const body = error.body as { message?: unknown } | null;
  const messages = Array.isArray(body?.message) ? body.message.map(String) : [];
  return messages.flatMap((m) => {
    const match = /^parameters\.([A-Za-z0-9_]+): (.*)$/s.exec(m);
    return match ? [[match[1]!, match[2]!] as [string, string]] : [];
  });
}

function ParameterInput({
  parameter,
  control,
  withinKecamatan,
  requiredText,
  inputProps,
  error,
}: {
  parameter: TemplateParameter;
  control: Control<Values>;
  /** The kecamatan chosen so far: a desa parameter offers their desa only. */
  withinKecamatan: string[];
  requiredText: string;
  /** For the parameters typed in; a kecamatan or desa is chosen with the area picker. */
  inputProps: UseFormRegisterReturn | undefined;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const id = `param-${parameter.key}`;
  const describedBy = [parameter.type === 'desa' ? `${id}-help` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    ...inputProps,
  };
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {parameter.label}
        {parameter.required && (
          <span aria-hidden="true" className="required-mark">
            {' '}
            *
          </span>
        )}
      </label>
      {parameter.type === 'desa' && (
        <p id={`${id}-help`} className="help">
          {t('newProject.desaHelp')}
        </p>
      )}
      {isAreaParameter(parameter) ? (
        <Controller
          control={control}
          name={`parameters.${parameter.key}`}
          rules={{ validate: (v) => !parameter.required || (v ?? '').trim() !== '' || requiredText }}
          render={({ field }) => (
            <AreaPicker
              id={id}
              level={parameter.type === 'kecamatan' ? 'kecamatan' : 'desa'}
              withinKecamatan={parameter.type === 'desa' ? withinKecamatan : []}
              invalid={Boolean(error)}
              describedBy={describedBy || undefined}
              value={field.value ?? ''}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              name={field.name}
            />
          )}
        />
      ) : (
        <input type={parameter.type === 'date' ? 'date' : 'text'} {...common} />
      )}
      <FieldMessage id={`${id}-error`} messages={error} />
    </div>
  );
}
