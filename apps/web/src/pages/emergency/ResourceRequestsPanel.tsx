import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { IncidentDashboard, ResourceRequest } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';

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
