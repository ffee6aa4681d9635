import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, post, query } from '../../api/client';
import type { DataConflict } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { parseFigure } from '../../data/data-request';
import { formatNumber } from '../../format/datetime';
import { currentLang } from '../../i18n';
import { DataTabs } from './DataTabs';

const STATUSES = ['OPEN', 'RESOLVED'] as const;

/** Figures the OPDs disagree on (an OPD sees its own), and the walidata's decision on each. */
export function ConflictsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') ?? 'OPEN';
  const status = (STATUSES as readonly string[]).includes(statusParam) ? statusParam : '';
  const conflicts = useQuery({
    queryKey: ['data', 'conflicts', status],
    queryFn: () => api<DataConflict[]>(`/data/conflicts${query({ status })}`),
  });
  return (
    <>
      <h1>{t('conflicts.title')}</h1>
      <DataTabs />
      <p className="muted">{t('conflicts.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="conflict-status">{t('conflicts.status')}</label>
          <select id="conflict-status" value={status} onChange={(e) => setParams({ status: e.target.value })}>
            <option value="OPEN">{t('conflicts.OPEN')}</option>
            <option value="RESOLVED">{t('conflicts.RESOLVED')}</option>
            <option value="">{t('conflicts.all')}</option>
          </select>
        </div>
      </form>
      <QueryState query={conflicts}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('conflicts.empty')}</p>
          ) : (
            list.map((conflict) => <ConflictCard key={conflict.id} conflict={conflict} />)
          )
        }
      </QueryState>
    </>
  );
}

function ConflictCard({ conflict }: { conflict: DataConflict }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const user = useUser();
  const titleId = `conflict-${conflict.id}`;
  return (
    <section className="card" aria-labelledby={titleId} data-conflict-id={conflict.id}>
      <h2 id={titleId}>
        {conflict.indicatorCode} · {conflict.areaCode} · {conflict.period}
        {conflict.breakdown && ` · ${conflict.breakdown}`}
      </h2>
      <p className="muted">
        {t('conflicts.openedAt')} <DateTime value={conflict.openedAt} />
        {conflict.projectId && (
          <>
            {' · '}
            <Link to={`/projects/${conflict.projectId}`}>{t('conflicts.reconciliation')}</Link>
          </>
        )}
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('conflicts.agency')}</th>
              <th scope="col" className="num">
                {t('conflicts.value')}
              </th>
              <th scope="col">{t('conflicts.verifiedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {conflict.values.map((value) => (
              <tr key={value.id}>
                <th scope="row">
                  {value.agency ? `${value.agency.name} (${value.agency.code})` : t('common.none')}
                </th>
                <td className="num">{formatNumber(value.value, lang)}</td>
                <td>{value.verifiedAt ? <DateTime value={value.verifiedAt} /> : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {conflict.status === 'RESOLVED' ? (
        <p className="notice notice-success">
          {t('conflicts.agreed', { value: formatNumber(conflict.agreedValue ?? 0, lang) })}
          {conflict.reasoning && ` — ${conflict.reasoning}`}
          {conflict.resolvedAt && (
            <>
              {' '}
              (<DateTime value={conflict.resolvedAt} />)
            </>
          )}
        </p>
      ) : (
        may.resolveConflicts(user.role) && <ResolveForm conflict={conflict} />
      )}
    </section>
  );
}

function ResolveForm({ conflict }: { conflict: DataConflict }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ value: string; reasoning: string }>({ defaultValues: { value: '', reasoning: '' } });
  const resolve = useMutation({
    mutationFn: (body: { value: number; reasoning: string }) =>
      post(`/data/conflicts/${conflict.id}/resolve`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['data'] }),
  });
  const id = (name: string) => `resolve-${conflict.id}-${name}`;
  return (
    <form
      noValidate
      aria-label={t('conflicts.resolve')}
      onSubmit={(event) =>
        void handleSubmit(({ value, reasoning }) =>
          resolve.mutate({ value: parseFigure(value) ?? 0, reasoning: reasoning.trim() }),
        )(event)
      }
    >
      <h3>{t('conflicts.resolve')}</h3>
      <div className={errors.value ? 'field field-invalid' : 'field'}>
        <label htmlFor={id('value')}>{t('conflicts.agreedValue')}</label>
        <input
          id={id('value')}
          inputMode="decimal"
          aria-invalid={errors.value ? true : undefined}
          aria-describedby={errors.value ? id('value-error') : undefined}
          {...register('value', { validate: (v) => parseFigure(v) !== null || t('conflicts.valueInvalid') })}
        />
        <FieldMessage id={id('value-error')} messages={errors.value?.message} />
      </div>
      <div className={errors.reasoning ? 'field field-invalid' : 'field'}>
        <label htmlFor={id('reasoning')}>{t('conflicts.reasoning')}</label>
        <textarea
          id={id('reasoning')}
          rows={3}
          aria-invalid={errors.reasoning ? true : undefined}
          aria-describedby={errors.reasoning ? id('reasoning-error') : undefined}
          {...register('reasoning', { validate: (v) => v.trim() !== '' || t('conflicts.reasoningRequired') })}
        />
        <FieldMessage id={id('reasoning-error')} messages={errors.reasoning?.message} />
      </div>
      {resolve.error && <ErrorNotice error={resolve.error} />}
      <button type="submit" disabled={resolve.isPending}>
        {t('conflicts.publish')}
      </button>
    </form>
  );
}
