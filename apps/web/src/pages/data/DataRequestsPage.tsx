import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, post } from '../../api/client';
import type { CoverageWarning, DataRequestRow, IndicatorSummary } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { areaName } from '@gotong/domain/region';
import { AreaPicker } from '../../components/AreaPicker';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { UncoveredWarning } from '../../components/UncoveredWarning';
import { ProjectStatusBadge } from '../../components/StatusBadge';
import { parseAreas, periodProblem } from '../../data/data-request';
import { DataTabs } from './DataTabs';

/** Data requests (each a joint project with one task per producing OPD) and, for the walidata or a lead, a new one. */
export function DataRequestsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const requests = useQuery({
    queryKey: ['data', 'requests'],
    queryFn: () => api<DataRequestRow[]>('/data/requests'),
    refetchInterval: 10_000,
  });
  return (
    <>
      <h1>{t('dataRequests.title')}</h1>
      <DataTabs />
      <p className="muted">{t('dataRequests.intro')}</p>
      {may.requestData(user.role) && <NewDataRequest />}
      <section className="card" aria-labelledby="requests-list-title">
        <h2 id="requests-list-title">{t('dataRequests.list')}</h2>
        <QueryState query={requests}>
          {(rows) =>
            rows.length === 0 ? (
              <p className="empty">{t('dataRequests.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('dataRequests.request')}</th>
                      <th scope="col">{t('dataRequests.indicators')}</th>
                      <th scope="col">{t('dataRequests.period')}</th>
                      <th scope="col">{t('dataRequests.areas')}</th>
                      <th scope="col">{t('dataRequests.status')}</th>
                      <th scope="col">{t('dataRequests.createdAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.id}>
                        <td>
                          <Link to={`/projects/${row.projectId}`}>{row.title}</Link>
                        </td>
                        <td>{row.indicators.map((i) => i.code).join(', ')}</td>
                        <td>{row.period}</td>
                        <td>
                          {row.areas.length > 3
                            ? t('dataRequests.areaCount', {
                                first: row.areas.slice(0, 3).map(withName).join(', '),
                                count: row.areas.length,
                              })
                            : row.areas.map(withName).join(', ')}
                        </td>
                        <td>
                          {row.status === 'STARTING' ? (
                            <span className="badge">{t('dataRequests.starting')}</span>
                          ) : (
                            <ProjectStatusBadge status={row.status} />
                          )}
                        </td>
                        <td>
                          <DateTime value={row.createdAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

/** "Tongas Wetan (35.13.23.2008)"; the code alone when it is not in the reference list. */
function withName(code: string): string {
  const name = areaName(code);
  return name ? `${name} (${code})` : code;
}

/** The areas listed so far, each with its name beside its code. */
function AreaNames({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  if (codes.length === 0) return null;
  return (
    <p className="help" aria-live="polite">
      {t('dataRequests.areasChosen')} {codes.map(withName).join(', ')}
    </p>
  );
}

interface Values {
  title: string;
  indicators: string[];
  period: string;
  areas: string;
  slaDays: string;
}

function NewDataRequest() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const indicators = useQuery({
    queryKey: ['data', 'indicators'],
    queryFn: () => api<IndicatorSummary[]>('/data/indicators'),
  });
  const {
    register,
    handleSubmit,
    reset,
    control,
    getValues,
    setValue,
    formState: { errors },
  } = useForm<Values>({ defaultValues: { title: '', indicators: [], period: '', areas: '', slaDays: '' } });
  const chosen = useWatch({ control, name: 'indicators' });
  const areasText = useWatch({ control, name: 'areas' });
  const [areaSearch, setAreaSearch] = useState('');
  const start = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      post<{ id: string; warnings?: CoverageWarning[] }>('/data/requests', body),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['data', 'requests'] });
    },
  });

  const catalogue = indicators.data ?? [];
  const onSubmit = (values: Values) => {
    const sla = values.slaDays.trim();
    start.mutate({
      ...(values.title.trim() ? { title: values.title.trim() } : {}),
      indicators: values.indicators,
      period: values.period.trim(),
      areas: parseAreas(values.areas).codes,
      ...(sla ? { sla: { amount: Number(sla), unit: 'workingDays' } } : {}),
    });
  };
  const aria = (name: keyof Values, help?: string) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby':
      [help, errors[name] ? `request-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const fieldClass = (name: keyof Values) => (errors[name] ? 'field field-invalid' : 'field');
  return (
    <section className="card card-action" aria-labelledby="new-request-title">
      <h2 id="new-request-title">{t('dataRequests.new')}</h2>
      {/* The request started; producing OPDs with nobody to answer it are named. */}
      <UncoveredWarning warnings={start.data?.warnings} />
      <QueryState query={indicators}>
        {(list) => (
          <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
            <div className={fieldClass('indicators')}>
              <fieldset className="choice-grid" {...aria('indicators')}>
                <legend>{t('dataRequests.indicators')}</legend>
                {list.map((indicator) => (
                  <label key={indicator.code}>
                    <input
                      type="checkbox"
                      value={indicator.code}
                      {...register('indicators', {
                        validate: (v) => v.length > 0 || t('dataRequests.indicatorsRequired'),
                      })}
                    />
                    {indicator.name} ({indicator.code})
                  </label>
                ))}
              </fieldset>
              <FieldMessage id="request-indicators-error" messages={errors.indicators?.message} />
            </div>
            <div className={fieldClass('period')}>
              <label htmlFor="request-period">{t('dataRequests.period')}</label>
              <p id="request-period-help" className="help">
                {t('dataRequests.periodHelp')}
              </p>
              <input
                id="request-period"
                {...aria('period', 'request-period-help')}
                {...register('period', {
                  validate: (v) => {
                    const wanted = catalogue.filter((i) => chosen.includes(i.code));
                    const problem = periodProblem(v, wanted);
                    if (problem?.kind === 'format') return t('dataRequests.periodInvalid');
                    if (problem?.kind === 'periodicity')
                      return t('dataRequests.periodMismatch', { codes: problem.codes.join(', ') });
                    return true;
                  },
                })}
              />
              <FieldMessage id="request-period-error" messages={errors.period?.message} />
            </div>
            <div className={fieldClass('areas')}>
              <label htmlFor="request-areas">{t('dataRequests.areas')}</label>
              <p id="request-areas-help" className="help">
                {t('dataRequests.areasHelp')}
              </p>
              <textarea
                id="request-areas"
                rows={3}
                {...aria('areas', 'request-areas-help')}
                {...register('areas', {
                  validate: (v) => {
                    const parsed = parseAreas(v);
                    if (parsed.invalid.length > 0)
                      return t('dataRequests.areasInvalid', { codes: parsed.invalid.join(', ') });
                    return parsed.codes.length > 0 || t('dataRequests.areasRequired');
                  },
                })}
              />
              <FieldMessage id="request-areas-error" messages={errors.areas?.message} />
              <AreaNames codes={parseAreas(areasText ?? '').codes} />
              <label htmlFor="request-area-search">{t('dataRequests.addArea')}</label>
              <AreaPicker
                id="request-area-search"
                level="any"
                value={areaSearch}
                onChange={setAreaSearch}
                onChoose={(area) => {
                  // The chosen area joins the list, which stays the one source of what is asked for.
                  const { codes } = parseAreas(getValues('areas'));
                  if (!codes.includes(area.code)) {
                    const text = getValues('areas').trim();
                    setValue('areas', text ? `${text}, ${area.code}` : area.code, {
                      shouldValidate: Boolean(errors.areas),
                    });
                  }
                  setAreaSearch('');
                }}
              />
            </div>
            <div className={fieldClass('slaDays')}>
              <label htmlFor="request-slaDays">{t('dataRequests.sla')}</label>
              <p id="request-slaDays-help" className="help">
                {t('dataRequests.slaHelp')}
              </p>
              <input
                id="request-slaDays"
                type="number"
                inputMode="numeric"
                min={1}
                {...aria('slaDays', 'request-slaDays-help')}
                {...register('slaDays', {
                  validate: (v) =>
                    v.trim() === '' || /^[1-9]\d*$/.test(v.trim()) || t('dataRequests.slaInvalid'),
                })}
              />
              <FieldMessage id="request-slaDays-error" messages={errors.slaDays?.message} />
            </div>
            <div className="field">
              <label htmlFor="request-title">{t('dataRequests.requestTitle')}</label>
              <input id="request-title" {...register('title')} />
            </div>
            {start.error && <ErrorNotice error={start.error} />}
            {start.isSuccess && (
              <p className="notice notice-success" role="status">
                {t('dataRequests.started')}
              </p>
            )}
            <button type="submit" disabled={start.isPending}>
              {start.isPending ? t('dataRequests.starting') : t('dataRequests.start')}
            </button>
          </form>
        )}
      </QueryState>
    </section>
  );
}
