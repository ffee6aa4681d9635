import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, ApiError, post } from '../../api/client';
import type { IncidentAgency, IncidentDashboard, IncidentStatus, ResourceRequest } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { OverdueBadge, StatusBadge } from '../../components/StatusBadge';
import {
  CHART_FIELDS,
  hasFigures,
  isSitrepField,
  nextStatuses,
  rollUpChart,
  rollUpRows,
  SITREP_FIELD_KEYS,
  type ChartField,
} from '../../emergency/incident-model';
import { formatNumber } from '../../format/datetime';
import { currentLang } from '../../i18n';
import { IncidentStatusBadge, SeverityBadge } from './IncidentBadges';
import { useKecamatanNames } from './IncidentsPage';

const CHART_COLOURS: Record<ChartField, string> = {
  terdampak: '#1f4e99',
  mengungsi: '#b26a00',
  lukaLuka: '#6a3fb5',
  meninggal: '#b3261e',
  hilang: '#4d5866',
};

/** The incident dashboard (GET /incidents/:id); notifications link here as /incidents/<id>. */
export function IncidentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const incident = useQuery({
    queryKey: ['incident', id],
    queryFn: () => api<IncidentDashboard>(`/incidents/${id}`),
    // Acknowledgements and sitreps arrive in minutes: an open incident stays fresh.
    refetchInterval: (q) => (q.state.data?.status === 'CLOSED' ? false : 5_000),
  });
  if (incident.error instanceof ApiError && (incident.error.isNotAllowed || incident.error.status === 400)) {
    return (
      <section className="notice notice-warning">
        <h1>{t('notFound.title')}</h1>
        <p>
          <Link to="/incidents">{t('incident.back')}</Link>
        </p>
      </section>
    );
  }
  return <QueryState query={incident}>{(data) => <IncidentView incident={data} />}</QueryState>;
}

function IncidentView({ incident }: { incident: IncidentDashboard }) {
  const { t } = useTranslation();
  const user = useUser();
  const names = useKecamatanNames();
  const mobilised = incident.agencies.some((a) => a.code === user.agencyCode && !a.releasedAt);
  const open = incident.status !== 'CLOSED';
  return (
    <>
      <p>
        <Link to="/incidents">{t('incident.back')}</Link>
      </p>
      <h1>{incident.title}</h1>
      <div className="status-line">
        <IncidentStatusBadge status={incident.status} />
        <SeverityBadge severity={incident.severity} />
        <span>{t(`incidentType.${incident.type}`)}</span>
      </div>
      <dl className="details">
        <div>
          <dt>{t('incident.declaredAt')}</dt>
          <dd>
            <DateTime value={incident.declaredAt} />
          </dd>
        </div>
        <div>
          <dt>{t('incidents.kecamatan')}</dt>
          <dd>
            {incident.affectedKecamatan.map((code) => `${names.get(code) ?? code} (${code})`).join(', ')}
          </dd>
        </div>
        {incident.affectedDesa.length > 0 && (
          <div>
            <dt>{t('incident.desa')}</dt>
            <dd>{incident.affectedDesa.join(', ')}</dd>
          </div>
        )}
        {incident.closedAt && (
          <div>
            <dt>{t('incident.closedAt')}</dt>
            <dd>
              <DateTime value={incident.closedAt} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('incident.description')}</dt>
          <dd className="pre-line">{incident.description}</dd>
        </div>
      </dl>

      {open && may.commandIncidents(user) && <StatusPanel incident={incident} />}
      <AgenciesSection agencies={incident.agencies} />
      <RollUpSection incident={incident} names={names} />
      <RequestsSection incident={incident} mayRequest={open && mobilised} />
      <StatusHistory incident={incident} />
    </>
  );
}

function StatusPanel({ incident }: { incident: IncidentDashboard }) {
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

function AgenciesSection({ agencies }: { agencies: IncidentAgency[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="agencies-title">
      <h2 id="agencies-title">{t('incident.agencies')}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('incident.agency')}</th>
              <th scope="col">{t('incident.clusters')}</th>
              <th scope="col">{t('incident.acknowledgement')}</th>
              <th scope="col">{t('incident.sitreps')}</th>
              <th scope="col">{t('incident.escalations')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((agency) => (
              <tr
                key={agency.code}
                data-agency={agency.code}
                className={
                  agency.acknowledgement?.late || agency.sitreps.overdue > 0 ? 'row-overdue' : undefined
                }
              >
                <th scope="row">
                  {agency.name} <span className="muted">({agency.code})</span>
                  {agency.releasedAt && (
                    <p className="muted small">
                      {t('incident.released')} <DateTime value={agency.releasedAt} />
                    </p>
                  )}
                </th>
                <td>{agency.clusters.map((c) => t(`cluster.${c}`)).join(', ')}</td>
                <td>
                  {agency.acknowledgement ? (
                    <>
                      <Link to={`/tasks/${agency.acknowledgement.taskId}`}>
                        <StatusBadge status={agency.acknowledgement.status} />
                      </Link>{' '}
                      {agency.acknowledgement.late && <OverdueBadge />}
                      <p className="muted small">
                        {agency.acknowledgement.acknowledgedAt ? (
                          <>
                            {t('incident.acknowledgedAt')}{' '}
                            <DateTime value={agency.acknowledgement.acknowledgedAt} />
                          </>
                        ) : (
                          <>
                            {t('incident.dueAt')} <DateTime value={agency.acknowledgement.dueAt} />
                          </>
                        )}
                      </p>
                    </>
                  ) : (
                    t('common.none')
                  )}
                </td>
                <td>
                  {t('incident.sitrepsSubmitted', { count: agency.sitreps.submitted })}
                  {agency.sitreps.overdue > 0 && (
                    <>
                      {' '}
                      <span className="badge badge-overdue">
                        {t('incident.sitrepsOverdue', { count: agency.sitreps.overdue })}
                      </span>
                    </>
                  )}
                  {agency.sitreps.latestAt && (
                    <p className="muted small">
                      {t('incident.latestSitrep')} <DateTime value={agency.sitreps.latestAt} />
                    </p>
                  )}
                  {agency.sitreps.current.map((task) => (
                    <p key={task.taskId} className="small">
                      <Link to={`/tasks/${task.taskId}`}>{task.title}</Link> · <DateTime value={task.dueAt} />
                    </p>
                  ))}
                </td>
                <td>
                  {agency.openEscalations > 0
                    ? t('incident.escalationLevel', {
                        count: agency.openEscalations,
                        level: agency.highestEscalationLevel,
                      })
                    : t('common.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RollUpSection({ incident, names }: { incident: IncidentDashboard; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const { rollUp } = incident;
  if (!hasFigures(rollUp)) {
    return (
      <section className="card" aria-labelledby="rollup-title">
        <h2 id="rollup-title">{t('incident.rollUp')}</h2>
        <p className="empty">{t('incident.noFigures')}</p>
      </section>
    );
  }
  const rows = rollUpRows(rollUp);
  const chart = rollUpChart(rollUp, names);
  const number = (value: number | undefined) => (value === undefined ? '–' : formatNumber(value, lang));
  return (
    <section className="card" aria-labelledby="rollup-title">
      <h2 id="rollup-title">{t('incident.rollUp')}</h2>
      <p id="rollup-description" className="help">
        {t('incident.rollUpHelp')}
      </p>
      <div
        className="chart-box"
        role="img"
        aria-labelledby="rollup-title"
        aria-describedby="rollup-description"
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={chart} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="area" />
            <YAxis allowDecimals={false} />
            <Tooltip formatter={(value) => formatNumber(Number(value), lang)} />
            <Legend />
            {CHART_FIELDS.map((field) => (
              <Bar
                key={field}
                dataKey={field}
                name={t(`sitrepField.${field}`)}
                fill={CHART_COLOURS[field]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-wrap">
        <table className="table rollup-table">
          <caption className="muted">{t('incident.rollUpCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('incident.area')}</th>
              {SITREP_FIELD_KEYS.map((field) => (
                <th key={field} scope="col" className="num">
                  {t(`sitrepField.${field}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code} className={row.level === 'kecamatan' ? 'row-kecamatan' : undefined}>
                <th scope="row">
                  {row.level === 'kecamatan' ? `${names.get(row.code) ?? row.code} (${row.code})` : row.code}
                </th>
                {SITREP_FIELD_KEYS.map((field) => {
                  const conflict = row.conflicts.includes(field);
                  return (
                    <td
                      key={field}
                      className={conflict ? 'num cell-conflict' : 'num'}
                      data-conflict={conflict ? 'true' : undefined}
                    >
                      {number(row.figures[field])}
                      {conflict && <span className="visually-hidden"> {t('incident.conflictMark')}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="row-kecamatan">
              <th scope="row">{t('incident.kabupaten')}</th>
              {SITREP_FIELD_KEYS.map((field) => (
                <td key={field} className="num">
                  {number(rollUp.kabupaten[field])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {rollUp.conflicts.length > 0 && (
        <div className="notice notice-warning" role="note" aria-labelledby="conflicts-title">
          <h3 id="conflicts-title">{t('incident.conflicts', { count: rollUp.conflicts.length })}</h3>
          <p>{t('incident.conflictsHelp')}</p>
          <ul>
            {rollUp.conflicts.map((conflict) => (
              <li key={`${conflict.desaCode}-${conflict.field}`}>
                {conflict.desaCode} ·{' '}
                {isSitrepField(conflict.field) ? t(`sitrepField.${conflict.field}`) : conflict.field}:{' '}
                {conflict.reports
                  .map((report) => `${report.agencyCode} ${formatNumber(report.value, lang)}`)
                  .join(' / ')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function RequestsSection({ incident, mayRequest }: { incident: IncidentDashboard; mayRequest: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('incident.requests')}</h2>
      {incident.requests.length === 0 ? (
        <p className="muted">{t('incident.noRequests')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('incident.item')}</th>
                <th scope="col">{t('incident.from')}</th>
                <th scope="col">{t('incident.to')}</th>
                <th scope="col">{t('incident.requestStatus')}</th>
                <th scope="col">{t('incident.requestedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {incident.requests.map((request) => (
                <RequestRow key={request.id} request={request} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayRequest && <RequestForm incident={incident} />}
    </section>
  );
}

function RequestRow({ request }: { request: ResourceRequest }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        {request.quantity} {request.unit} {request.item}
      </td>
      <td>{request.fromAgency.code}</td>
      <td>{request.toAgency.code}</td>
      <td>
        <span className="badge" data-status={request.status}>
          {t(`requestStatus.${request.status}`)}
        </span>
        {request.reason && <p className="muted small">{request.reason}</p>}
      </td>
      <td>
        <DateTime value={request.requestedAt} />
      </td>
    </tr>
  );
}

interface RequestValues {
  toAgencyCode: string;
  item: string;
  quantity: string;
  unit: string;
}

function RequestForm({ incident }: { incident: IncidentDashboard }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const others = incident.agencies.filter((a) => a.code !== user.agencyCode && !a.releasedAt);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<RequestValues>({ defaultValues: { toAgencyCode: '', item: '', quantity: '1', unit: '' } });
  const request = useMutation({
    mutationFn: (body: { toAgencyCode: string; item: string; quantity: number; unit: string }) =>
      post(`/incidents/${incident.id}/requests`, body),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
  });
  const fieldClass = (name: keyof RequestValues) => (errors[name] ? 'field field-invalid' : 'field');
  const aria = (name: keyof RequestValues) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `request-${name}-error` : undefined,
  });
  return (
    <form
      className="inline-form"
      aria-labelledby="request-form-title"
      noValidate
      onSubmit={(event) =>
        void handleSubmit((v) =>
          request.mutate({
            toAgencyCode: v.toAgencyCode,
            item: v.item.trim(),
            quantity: Number(v.quantity),
            unit: v.unit.trim(),
          }),
        )(event)
      }
    >
      <h3 id="request-form-title">{t('incident.newRequest')}</h3>
      <div className={fieldClass('toAgencyCode')}>
        <label htmlFor="request-toAgencyCode">{t('incident.to')}</label>
        <select
          id="request-toAgencyCode"
          {...aria('toAgencyCode')}
          {...register('toAgencyCode', { required: t('incident.toRequired') })}
        >
          <option value="">{t('incident.chooseAgency')}</option>
          {others.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name} ({a.code})
            </option>
          ))}
        </select>
        <FieldMessage id="request-toAgencyCode-error" messages={errors.toAgencyCode?.message} />
      </div>
      <div className={fieldClass('item')}>
        <label htmlFor="request-item">{t('incident.item')}</label>
        <input
          id="request-item"
          {...aria('item')}
          {...register('item', { validate: (v) => v.trim() !== '' || t('incident.itemRequired') })}
        />
        <FieldMessage id="request-item-error" messages={errors.item?.message} />
      </div>
      <div className={fieldClass('quantity')}>
        <label htmlFor="request-quantity">{t('incident.quantity')}</label>
        <input
          id="request-quantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          {...aria('quantity')}
          {...register('quantity', {
            validate: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1) || t('incident.quantityInvalid'),
          })}
        />
        <FieldMessage id="request-quantity-error" messages={errors.quantity?.message} />
      </div>
      <div className={fieldClass('unit')}>
        <label htmlFor="request-unit">{t('incident.unit')}</label>
        <input
          id="request-unit"
          {...aria('unit')}
          {...register('unit', { validate: (v) => v.trim() !== '' || t('incident.unitRequired') })}
        />
        <FieldMessage id="request-unit-error" messages={errors.unit?.message} />
      </div>
      <button type="submit" disabled={request.isPending}>
        {t('incident.sendRequest')}
      </button>
      {request.error && <ErrorNotice error={request.error} />}
    </form>
  );
}

function StatusHistory({ incident }: { incident: IncidentDashboard }) {
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
