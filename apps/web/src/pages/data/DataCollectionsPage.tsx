import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  COLLECTION_PERIODICITIES,
  indicatorPeriodicity,
  type CollectionPeriodicity,
} from '@gotong/domain/data-standard/collections';
import { validatePeriod } from '@gotong/domain/data-standard';
import { api, post } from '../../api/client';
import type { IndicatorSummary, ProjectStatus } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { ProjectStatusBadge } from '../../components/StatusBadge';
import { parseAreas } from '../../data/data-request';
import { DataTabs } from './DataTabs';

/** A period of a collection as GET /data/collections/:id shows it. */
interface CollectionPeriodRow {
  period: string;
  status: 'OPENED' | 'MISSED' | 'UPCOMING';
  opensAt: string;
  deadline: string;
  requestId: string | null;
  openedAt: string | null;
  requestStatus: ProjectStatus | 'STARTING' | null;
}

interface CollectionBase {
  id: string;
  name: string;
  indicators: string[];
  areas: string[];
  periodicity: CollectionPeriodicity;
  deadlineWorkingDays: number;
  firstPeriod: string;
  paused: boolean;
  note: string | null;
  createdAt: string;
}

interface CollectionRow extends CollectionBase {
  opened: number;
  missed: string[];
  nextPeriod: CollectionPeriodRow | null;
}

interface CollectionDetail extends CollectionBase {
  periods: CollectionPeriodRow[];
  schedule: {
    paused: boolean;
    note: string | null;
    recentActions: { scheduledAt: string; takenAt: string; workflowId: string | null }[];
    nextActionTimes: string[];
  } | null;
}

/** Recurring collections: each opens its request every month, quarter or year when the period ends. */
export function DataCollectionsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const collections = useQuery({
    queryKey: ['data', 'collections'],
    queryFn: () => api<CollectionRow[]>('/data/collections'),
    enabled: may.requestData(user.role),
    refetchInterval: 15_000,
  });
  if (!may.requestData(user.role)) {
    return (
      <>
        <h1>{t('collections.title')}</h1>
        <DataTabs />
        <p className="notice">{t('collections.forbidden')}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t('collections.title')}</h1>
      <DataTabs />
      <p className="muted">{t('collections.intro')}</p>
      <NewCollection />
      <section className="card" aria-labelledby="collections-list-title">
        <h2 id="collections-list-title">{t('collections.list')}</h2>
        <QueryState query={collections}>
          {(rows) =>
            rows.length === 0 ? (
              <p className="empty">{t('collections.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('collections.name')}</th>
                      <th scope="col">{t('collections.periodicity')}</th>
                      <th scope="col">{t('collections.indicators')}</th>
                      <th scope="col">{t('collections.opened')}</th>
                      <th scope="col">{t('collections.missed')}</th>
                      <th scope="col">{t('collections.next')}</th>
                      <th scope="col">{t('collections.state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.id}>
                        <td>
                          <Link to={`/data/collections/${row.id}`}>{row.name}</Link>
                        </td>
                        <td>{t(`collections.${row.periodicity}`)}</td>
                        <td>{row.indicators.join(', ')}</td>
                        <td>{row.opened}</td>
                        <td>
                          {row.missed.length === 0 ? (
                            '—'
                          ) : (
                            <span className="badge badge-overdue">
                              {t('collections.missedCount', { count: row.missed.length })}
                            </span>
                          )}
                        </td>
                        <td>
                          {row.nextPeriod ? (
                            <>
                              {row.nextPeriod.period} · <DateTime value={row.nextPeriod.opensAt} />
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>
                          <PausedBadge paused={row.paused} />
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

function PausedBadge({ paused }: { paused: boolean }) {
  const { t } = useTranslation();
  return paused ? (
    <span className="badge badge-returned">{t('collections.paused')}</span>
  ) : (
    <span className="badge badge-project-active">{t('collections.active')}</span>
  );
}

interface Values {
  name: string;
  periodicity: CollectionPeriodicity;
  indicators: string[];
  areas: string;
  deadlineWorkingDays: string;
  firstPeriod: string;
}

function NewCollection() {
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
    formState: { errors },
  } = useForm<Values>({
    defaultValues: {
      name: '',
      periodicity: 'MONTHLY',
      indicators: [],
      areas: '',
      deadlineWorkingDays: '10',
      firstPeriod: '',
    },
  });
  const periodicity = useWatch({ control, name: 'periodicity' });
  const define = useMutation({
    mutationFn: (body: Record<string, unknown>) => post<{ id: string }>('/data/collections', body),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['data', 'collections'] });
    },
  });
  const onSubmit = (values: Values) => {
    define.mutate({
      name: values.name.trim(),
      periodicity: values.periodicity,
      indicators: values.indicators,
      areas: parseAreas(values.areas).codes,
      deadlineWorkingDays: Number(values.deadlineWorkingDays),
      ...(values.firstPeriod.trim() ? { firstPeriod: values.firstPeriod.trim() } : {}),
    });
  };
  const aria = (name: keyof Values, help?: string) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby':
      [help, errors[name] ? `collection-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const fieldClass = (name: keyof Values) => (errors[name] ? 'field field-invalid' : 'field');
  return (
    <section className="card card-action" aria-labelledby="new-collection-title">
      <h2 id="new-collection-title">{t('collections.new')}</h2>
      <QueryState query={indicators}>
        {(list) => {
          // Only indicators collected at the chosen rhythm can be part of the collection.
          const fitting = list.filter((i) => i.periodicity === indicatorPeriodicity(periodicity));
          return (
            <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
              <div className={fieldClass('name')}>
                <label htmlFor="collection-name">{t('collections.name')}</label>
                <input
                  id="collection-name"
                  {...aria('name')}
                  {...register('name', { validate: (v) => v.trim() !== '' || t('collections.nameRequired') })}
                />
                <FieldMessage id="collection-name-error" messages={errors.name?.message} />
              </div>
              <div className="field">
                <label htmlFor="collection-periodicity">{t('collections.periodicity')}</label>
                <select id="collection-periodicity" {...register('periodicity')}>
                  {COLLECTION_PERIODICITIES.map((p) => (
                    <option key={p} value={p}>
                      {t(`collections.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className={fieldClass('indicators')}>
                <fieldset className="choice-grid" {...aria('indicators')}>
                  <legend>{t('collections.indicators')}</legend>
                  {fitting.length === 0 && <p className="help">{t('collections.noIndicators')}</p>}
                  {fitting.map((indicator) => (
                    <label key={indicator.code}>
                      <input
                        type="checkbox"
                        value={indicator.code}
                        {...register('indicators', {
                          validate: (v) =>
                            (v.length > 0 && v.every((c) => fitting.some((i) => i.code === c))) ||
                            t('collections.indicatorsRequired'),
                        })}
                      />
                      {indicator.name} ({indicator.code})
                    </label>
                  ))}
                </fieldset>
                <FieldMessage id="collection-indicators-error" messages={errors.indicators?.message} />
              </div>
              <div className={fieldClass('areas')}>
                <label htmlFor="collection-areas">{t('collections.areas')}</label>
                <p id="collection-areas-help" className="help">
                  {t('dataRequests.areasHelp')}
                </p>
                <textarea
                  id="collection-areas"
                  rows={2}
                  {...aria('areas', 'collection-areas-help')}
                  {...register('areas', {
                    validate: (v) => {
                      const parsed = parseAreas(v);
                      if (parsed.invalid.length > 0)
                        return t('dataRequests.areasInvalid', { codes: parsed.invalid.join(', ') });
                      return parsed.codes.length > 0 || t('dataRequests.areasRequired');
                    },
                  })}
                />
                <FieldMessage id="collection-areas-error" messages={errors.areas?.message} />
              </div>
              <div className={fieldClass('deadlineWorkingDays')}>
                <label htmlFor="collection-deadlineWorkingDays">{t('collections.deadline')}</label>
                <p id="collection-deadlineWorkingDays-help" className="help">
                  {t('collections.deadlineHelp')}
                </p>
                <input
                  id="collection-deadlineWorkingDays"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={60}
                  {...aria('deadlineWorkingDays', 'collection-deadlineWorkingDays-help')}
                  {...register('deadlineWorkingDays', {
                    validate: (v) =>
                      (/^[1-9]\d*$/.test(v.trim()) && Number(v) <= 60) || t('collections.deadlineInvalid'),
                  })}
                />
                <FieldMessage
                  id="collection-deadlineWorkingDays-error"
                  messages={errors.deadlineWorkingDays?.message}
                />
              </div>
              <div className={fieldClass('firstPeriod')}>
                <label htmlFor="collection-firstPeriod">{t('collections.firstPeriod')}</label>
                <p id="collection-firstPeriod-help" className="help">
                  {t('collections.firstPeriodHelp')}
                </p>
                <input
                  id="collection-firstPeriod"
                  {...aria('firstPeriod', 'collection-firstPeriod-help')}
                  {...register('firstPeriod', {
                    validate: (v) =>
                      v.trim() === '' ||
                      validatePeriod(indicatorPeriodicity(periodicity), v.trim()) === null ||
                      t('collections.firstPeriodInvalid'),
                  })}
                />
                <FieldMessage id="collection-firstPeriod-error" messages={errors.firstPeriod?.message} />
              </div>
              {define.error && <ErrorNotice error={define.error} />}
              {define.isSuccess && (
                <p className="notice notice-success" role="status">
                  {t('collections.defined')}
                </p>
              )}
              <button type="submit" disabled={define.isPending}>
                {t('collections.define')}
              </button>
            </form>
          );
        }}
      </QueryState>
    </section>
  );
}

/** One collection: its periods (opened, missed, upcoming), pause and resume with a note, catching up. */
export function DataCollectionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const collection = useQuery({
    queryKey: ['data', 'collections', id],
    queryFn: () => api<CollectionDetail>(`/data/collections/${id}`),
    refetchInterval: 10_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['data', 'collections'] });
  const catchUp = useMutation({
    mutationFn: (period: string) => post(`/data/collections/${id}/trigger`, { period }),
    onSuccess: refresh,
  });
  return (
    <>
      <DataTabs />
      <QueryState query={collection}>
        {(c) => (
          <>
            <h1>{c.name}</h1>
            <dl className="details">
              <dt>{t('collections.periodicity')}</dt>
              <dd>{t(`collections.${c.periodicity}`)}</dd>
              <dt>{t('collections.indicators')}</dt>
              <dd>{c.indicators.join(', ')}</dd>
              <dt>{t('collections.areas')}</dt>
              <dd>{c.areas.join(', ')}</dd>
              <dt>{t('collections.deadline')}</dt>
              <dd>{t('collections.deadlineRule', { count: c.deadlineWorkingDays })}</dd>
              <dt>{t('collections.state')}</dt>
              <dd>
                <PausedBadge paused={c.paused} /> {c.note && <span className="muted">{c.note}</span>}
              </dd>
            </dl>
            {c.schedule === null && <p className="notice notice-error">{t('collections.scheduleGone')}</p>}
            <PauseForm id={c.id} paused={c.paused} onDone={refresh} />
            <section className="card" aria-labelledby="collection-periods-title">
              <h2 id="collection-periods-title">{t('collections.periods')}</h2>
              {catchUp.error && <ErrorNotice error={catchUp.error} />}
              {catchUp.isSuccess && (
                <p className="notice notice-success" role="status">
                  {t('collections.caughtUp')}
                </p>
              )}
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('collections.period')}</th>
                      <th scope="col">{t('collections.state')}</th>
                      <th scope="col">{t('collections.opensAt')}</th>
                      <th scope="col">{t('collections.deadlineAt')}</th>
                      <th scope="col">{t('collections.request')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.periods.map((p) => (
                      <tr key={p.period}>
                        <td>{p.period}</td>
                        <td>
                          <span
                            className={
                              p.status === 'MISSED'
                                ? 'badge badge-overdue'
                                : p.status === 'OPENED'
                                  ? 'badge badge-accepted'
                                  : 'badge'
                            }
                          >
                            {t(`collections.status.${p.status}`)}
                          </span>
                        </td>
                        <td>
                          <DateTime value={p.openedAt ?? p.opensAt} />
                        </td>
                        <td>
                          <DateTime value={p.deadline} />
                        </td>
                        <td>
                          {p.requestId ? (
                            <>
                              <Link to={`/projects/${p.requestId}`}>{t('collections.openRequest')}</Link>{' '}
                              {p.requestStatus && p.requestStatus !== 'STARTING' && (
                                <ProjectStatusBadge status={p.requestStatus} />
                              )}
                            </>
                          ) : p.status === 'MISSED' ? (
                            <button
                              type="button"
                              className="button-secondary"
                              disabled={catchUp.isPending}
                              onClick={() => catchUp.mutate(p.period)}
                            >
                              {t('collections.catchUp', { period: p.period })}
                            </button>
                          ) : (
                            '—'
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}

function PauseForm({ id, paused, onDone }: { id: string; paused: boolean; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<{ note: string }>({ defaultValues: { note: '' } });
  const change = useMutation({
    mutationFn: (note: string) => post(`/data/collections/${id}/${paused ? 'resume' : 'pause'}`, { note }),
    onSuccess: async () => {
      reset();
      await onDone();
    },
  });
  return (
    <section className="card card-action" aria-labelledby="collection-pause-title">
      <h2 id="collection-pause-title">{paused ? t('collections.resume') : t('collections.pause')}</h2>
      <form noValidate onSubmit={(event) => void handleSubmit((v) => change.mutate(v.note.trim()))(event)}>
        <div className={errors.note ? 'field field-invalid' : 'field'}>
          <label htmlFor="collection-note">{t('collections.note')}</label>
          <input
            id="collection-note"
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? 'collection-note-error' : undefined}
            {...register('note', { validate: (v) => v.trim() !== '' || t('collections.noteRequired') })}
          />
          <FieldMessage id="collection-note-error" messages={errors.note?.message} />
        </div>
        {change.error && <ErrorNotice error={change.error} />}
        <button type="submit" disabled={change.isPending}>
          {paused ? t('collections.resume') : t('collections.pause')}
        </button>
      </form>
    </section>
  );
}
