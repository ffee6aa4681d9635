import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { IncidentDashboard, ResourceRequest } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import { neededByInstant, quantitiesLine } from '../../emergency/resource-request';

/** Resource requests between the mobilised OPDs, and the form to ask another OPD (`mayRequest`). */
export function ResourceRequestsPanel({
  incident,
  mayRequest,
}: {
  incident: IncidentDashboard;
  mayRequest: boolean;
}) {
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
                <RequestRow key={request.id} request={request} incidentId={incident.id} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayRequest && <RequestForm incident={incident} />}
    </section>
  );
}

function RequestRow({ request, incidentId }: { request: ResourceRequest; incidentId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const quantities = quantitiesLine(request, {
    committed: t('incident.committed'),
    sent: t('incident.sent'),
    received: t('incident.received'),
  });
  // The requesting OPD's staff or Kepala may close a partly received request: the rest is no longer needed.
  const mayClose =
    request.status === 'PARTIALLY_RECEIVED' &&
    request.fromAgency.code === user.agencyCode &&
    may.requestResources(user);
  return (
    <tr>
      <td>
        {request.quantity} {request.unit} {request.item}
        {request.destination && (
          <p className="muted small">
            {t('incident.destination')}: {request.destination}
          </p>
        )}
        {request.neededBy && (
          <p className="muted small">
            {t('incident.neededBy')}: <DateTime value={request.neededBy} />
          </p>
        )}
        {request.note && <p className="muted small">{request.note}</p>}
        {quantities && <p className="small">{quantities}</p>}
      </td>
      <td>{request.fromAgency.code}</td>
      <td>{request.toAgency.code}</td>
      <td>
        <span className="badge" data-status={request.status}>
          {t(`requestStatus.${request.status}`)}
        </span>
        {request.reason && <p className="muted small">{request.reason}</p>}
        {mayClose && <CloseRequestForm incidentId={incidentId} requestId={request.id} />}
      </td>
      <td>
        <DateTime value={request.requestedAt} />
      </td>
    </tr>
  );
}

function CloseRequestForm({ incidentId, requestId }: { incidentId: string; requestId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const close = useMutation({
    mutationFn: () => post(`/incidents/${incidentId}/requests/${requestId}/close`, { reason: reason.trim() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
    },
  });
  const inputId = `close-${requestId}-reason`;
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') return setMissing(true);
        setMissing(false);
        close.mutate();
      }}
    >
      <div className={missing ? 'field field-invalid' : 'field'}>
        <label htmlFor={inputId}>{t('incident.closeReason')}</label>
        <input
          id={inputId}
          value={reason}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${inputId}-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        <FieldMessage
          id={`${inputId}-error`}
          messages={missing ? t('incident.closeReasonRequired') : undefined}
        />
      </div>
      <button type="submit" disabled={close.isPending}>
        {t('incident.closeRequest')}
      </button>
      {close.error && <ErrorNotice error={close.error} />}
    </form>
  );
}

interface RequestValues {
  toAgencyCode: string;
  item: string;
  quantity: string;
  unit: string;
  destination: string;
  /** datetime-local, read as WIB (the regency's time). */
  neededBy: string;
  note: string;
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
  } = useForm<RequestValues>({
    defaultValues: {
      toAgencyCode: '',
      item: '',
      quantity: '1',
      unit: '',
      destination: '',
      neededBy: '',
      note: '',
    },
  });
  const request = useMutation({
    mutationFn: (body: {
      toAgencyCode: string;
      item: string;
      quantity: number;
      unit: string;
      destination?: string;
      neededBy?: string;
      note?: string;
    }) => post(`/incidents/${incident.id}/requests`, body),
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
            ...(v.destination.trim() ? { destination: v.destination.trim() } : {}),
            ...(neededByInstant(v.neededBy) ? { neededBy: neededByInstant(v.neededBy) } : {}),
            ...(v.note.trim() ? { note: v.note.trim() } : {}),
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
      <div className="field">
        <label htmlFor="request-destination">{t('incident.destination')}</label>
        <input id="request-destination" maxLength={200} {...register('destination')} />
      </div>
      <div className="field">
        <label htmlFor="request-neededBy">{t('incident.neededBy')}</label>
        <input id="request-neededBy" type="datetime-local" {...register('neededBy')} />
      </div>
      <div className="field">
        <label htmlFor="request-note">{t('incident.requestNote')}</label>
        <input id="request-note" maxLength={1000} {...register('note')} />
      </div>
      <button type="submit" disabled={request.isPending}>
        {t('incident.sendRequest')}
      </button>
      {request.error && <ErrorNotice error={request.error} />}
    </form>
  );
}
