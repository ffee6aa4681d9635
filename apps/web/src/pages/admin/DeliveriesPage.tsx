import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post, query } from '../../api/client';
import type { Delivery, DeliveryPage } from '../../api/types';
import { DateInput } from '../../components/DateInput';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { Pager } from '../../components/Pager';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { formatDateInput, isIsoDate } from '../../format/date-input';
import { isoDateWib } from '../../format/datetime';

const STATUSES = ['DEAD', 'PENDING', 'SENT', 'SKIPPED'] as const;
const CHANNELS = ['EMAIL', 'WEBHOOK'] as const;
type DeliveryStatus = (typeof STATUSES)[number];

/**
 * ADMIN: email and webhook deliveries by status (GET /admin/notification-deliveries), the dead letters
 * first, each sent again on request (POST …/:id/retry); and the leadership digest of a day sent now
 * (POST /admin/digests).
 */
export function DeliveriesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DeliveryStatus>('DEAD');
  const [channel, setChannel] = useState('');
  const [page, setPage] = useState(1);
  const deliveries = useQuery({
    queryKey: ['deliveries', status, channel, page],
    queryFn: () =>
      api<DeliveryPage>(`/admin/notification-deliveries${query({ status, channel, page, pageSize: 20 })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <h1>{t('deliveries.title')}</h1>
      <p className="muted">{t('deliveries.intro')}</p>
      <DigestForm />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="delivery-status">{t('deliveries.status')}</label>
          <select
            id="delivery-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DeliveryStatus);
              setPage(1);
            }}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`deliveries.status${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="delivery-channel">{t('deliveries.channel')}</label>
          <select
            id="delivery-channel"
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{t('deliveries.allChannels')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`deliveries.channel${c}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <QueryState query={deliveries}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('deliveries.empty')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('deliveries.notification')}</th>
                      <th scope="col">{t('deliveries.recipient')}</th>
                      <th scope="col">{t('deliveries.channel')}</th>
                      <th scope="col">{t('deliveries.attempts')}</th>
                      <th scope="col">{t('deliveries.lastError')}</th>
                      <th scope="col">{t('deliveries.updatedAt')}</th>
                      <th scope="col">{t('deliveries.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((delivery) => (
                      <DeliveryRow key={delivery.id} delivery={delivery} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
            </>
          )
        }
      </QueryState>
    </>
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => post(`/admin/notification-deliveries/${delivery.id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['deliveries'] }),
  });
  return (
    <tr data-delivery={delivery.id}>
      <td>
        {delivery.notification.title}
        {delivery.notification.urgent && (
          <>
            {' '}
            <span className="badge badge-overdue">{t('deliveries.urgent')}</span>
          </>
        )}
      </td>
      <td>
        {delivery.notification.user.fullName}{' '}
        <span className="muted">({delivery.notification.user.username})</span>
      </td>
      <td>{t(`deliveries.channel${delivery.channel}`)}</td>
      <td className="num">{delivery.attempts}</td>
      <td className="pre-wrap">{delivery.lastError ?? t('common.none')}</td>
      <td>
        <DateTime value={delivery.updatedAt} />
      </td>
      <td>
        {delivery.status === 'DEAD' ? (
          <>
            <button
              type="button"
              className="button-secondary"
              disabled={retry.isPending}
              onClick={() => retry.mutate()}
            >
              {t('deliveries.retry')}
            </button>
            {retry.error && <ErrorNotice error={retry.error} />}
          </>
        ) : (
          t(`deliveries.status${delivery.status}`)
        )}
      </td>
    </tr>
  );
}

function DigestForm() {
  const { t } = useTranslation();
  const {
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<{ date: string }>({ defaultValues: { date: isoDateWib(new Date()) } });
  const run = useMutation({
    mutationFn: (date: string) => post<{ date: string; queued: boolean }>('/admin/digests', { date }),
  });
  return (
    <section className="card card-action" aria-labelledby="digest-title">
      <h2 id="digest-title">{t('deliveries.digestTitle')}</h2>
      <p className="help">{t('deliveries.digestHelp')}</p>
      <form
        className="inline-form"
        noValidate
        onSubmit={(event) => void handleSubmit(({ date }) => run.mutate(date))(event)}
      >
        <div className={errors.date ? 'field field-invalid' : 'field'}>
          <label htmlFor="digest-date">{t('deliveries.digestDate')}</label>
          <Controller
            control={control}
            name="date"
            rules={{ validate: (v) => isIsoDate(v) || t('dates.invalid') }}
            render={({ field }) => (
              <DateInput
                id="digest-date"
                aria-invalid={errors.date ? true : undefined}
                aria-describedby={errors.date ? 'digest-date-error' : undefined}
                {...field}
              />
            )}
          />
          <FieldMessage id="digest-date-error" messages={errors.date?.message} />
        </div>
        <button type="submit" disabled={run.isPending}>
          {t('deliveries.digestSubmit')}
        </button>
      </form>
      {run.error && <ErrorNotice error={run.error} />}
      {run.isSuccess && (
        <p className="notice notice-success" role="status">
          {t('deliveries.digestQueued', { date: formatDateInput(run.data.date) })}
        </p>
      )}
    </section>
  );
}
