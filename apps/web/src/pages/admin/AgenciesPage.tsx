import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post } from '../../api/client';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { AdminTabs } from './AdminTabs';
import { AGENCY_KINDS, fieldProblems, type AdminAgency } from './admin-api';

/** ADMIN: the regency's OPDs — create, rename, deactivate (refused while users or tasks are open). */
export function AgenciesPage() {
  const { t } = useTranslation();
  const agencies = useQuery({
    queryKey: ['admin', 'agencies'],
    queryFn: () => api<AdminAgency[]>('/admin/agencies'),
  });
  return (
    <>
      <h1>{t('admin.agenciesTitle')}</h1>
      <AdminTabs />
      <NewAgency />
      <section className="card" aria-labelledby="agencies-list-title">
        <h2 id="agencies-list-title">{t('admin.agenciesList')}</h2>
        <QueryState query={agencies}>
          {(rows) => (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.code')}</th>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.kind')}</th>
                    <th scope="col">{t('admin.activeUsers')}</th>
                    <th scope="col">{t('admin.status')}</th>
                    <th scope="col">{t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((agency) => (
                    <AgencyRow key={agency.id} agency={agency} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </section>
    </>
  );
}

function AgencyRow({ agency }: { agency: AdminAgency }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(agency.name);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'agencies'] });
  const rename = useMutation({
    mutationFn: () => api<AdminAgency>(`/admin/agencies/${agency.id}`, { method: 'PATCH', body: { name } }),
    onSuccess: async () => {
      setRenaming(false);
      await refresh();
    },
  });
  const deactivate = useMutation({
    mutationFn: () => post<AdminAgency>(`/admin/agencies/${agency.id}/deactivate`),
    onSuccess: refresh,
  });
  return (
    <tr>
      <td>{agency.code}</td>
      <td>
        {renaming ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate();
            }}
          >
            <label className="visually-hidden" htmlFor={`rename-${agency.id}`}>
              {t('admin.name')}
            </label>
            <input
              type="text"
              id={`rename-${agency.id}`}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="button" disabled={rename.isPending}>
              {t('admin.save')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setRenaming(false)}>
              {t('common.cancel')}
            </button>
            {rename.isError && <ErrorNotice error={rename.error} />}
          </form>
        ) : (
          agency.name
        )}
      </td>
      <td>{agency.kind}</td>
      <td className="num">{agency.activeUsers}</td>
      <td>{agency.active ? t('admin.active') : t('admin.inactive')}</td>
      <td>
        {agency.active && !renaming && (
          <div className="actions">
            <button type="button" className="button-secondary" onClick={() => setRenaming(true)}>
              {t('admin.rename')}
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={deactivate.isPending}
              onClick={() => {
                if (window.confirm(t('admin.confirmDeactivateAgency', { code: agency.code })))
                  deactivate.mutate();
              }}
            >
              {t('admin.deactivate')}
            </button>
          </div>
        )}
        {deactivate.isError && <ErrorNotice error={deactivate.error} />}
      </td>
    </tr>
  );
}

interface AgencyValues {
  code: string;
  name: string;
  kind: string;
}

function NewAgency() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset } = useForm<AgencyValues>({
    defaultValues: { code: '', name: '', kind: 'DINAS' },
  });
  const create = useMutation({
    mutationFn: (body: AgencyValues) => post<AdminAgency>('/admin/agencies', body),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agencies'] });
    },
  });
  const problems = fieldProblems(create.error);
  return (
    <section className="card card-action" aria-labelledby="new-agency-title">
      <h2 id="new-agency-title">{t('admin.newAgency')}</h2>
      <form noValidate onSubmit={(event) => void handleSubmit((v) => create.mutate(v))(event)}>
        <div className="field">
          <label htmlFor="agency-code">{t('admin.code')}</label>
          <input type="text" id="agency-code" {...register('code')} aria-describedby="agency-code-error" />
          <FieldMessage id="agency-code-error" messages={problems.code} />
        </div>
        <div className="field">
          <label htmlFor="agency-name">{t('admin.name')}</label>
          <input type="text" id="agency-name" {...register('name')} aria-describedby="agency-name-error" />
          <FieldMessage id="agency-name-error" messages={problems.name} />
        </div>
        <div className="field">
          <label htmlFor="agency-kind">{t('admin.kind')}</label>
          <select id="agency-kind" {...register('kind')}>
            {AGENCY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </div>
        {create.isError && !Object.keys(problems).length && <ErrorNotice error={create.error} />}
        <div className="actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {t('admin.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
