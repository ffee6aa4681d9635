import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, post, query } from '../../api/client';
import type { Page, Role } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { FieldMessage } from '../../components/FieldMessage';
import { Pager } from '../../components/Pager';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { ROLES } from '@gotong/domain/roles';
import { AdminTabs } from './AdminTabs';
import { fieldProblems, OFFICES, type Account, type WithPassword } from './admin-api';
import { OneTimePassword } from './OneTimePassword';

const PAGE_SIZE = 25;

/**
 * Accounts: an admin sees and manages every one (filtered by OPD, role, active); a Kepala OPD the staff of
 * their own OPD. A new account or a reset shows its one-time password once.
 */
export function UsersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const isAdmin = user.role === 'ADMIN';
  const [agencyCode, setAgencyCode] = useState('');
  const [role, setRole] = useState('');
  const [active, setActive] = useState('true');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const [editing, setEditing] = useState<Account | null>(null);
  // The filter also offers deactivated OPDs (their former staff); a new account goes to an active one only.
  const agencies = useQuery({
    queryKey: ['agencies', 'includeInactive'],
    queryFn: () => api<{ code: string; name: string; active: boolean }[]>('/agencies?includeInactive=true'),
    enabled: isAdmin,
  });
  const accounts = useQuery({
    queryKey: ['admin', 'users', { agencyCode, role, active, search, page }],
    queryFn: () =>
      api<Page<Account>>(
        `/admin/users${query({ agencyCode, role, active, q: search.trim(), page, pageSize: PAGE_SIZE })}`,
      ),
  });
  const onPassword = (result: WithPassword) =>
    setShown({ username: result.user.username, password: result.oneTimePassword });
  return (
    <>
      <h1>{isAdmin ? t('admin.usersTitle') : t('admin.staffTitleOf', { code: user.agencyCode })}</h1>
      <AdminTabs />
      {shown && (
        <OneTimePassword username={shown.username} password={shown.password} onDone={() => setShown(null)} />
      )}
      {editing ? (
        <EditAccount account={editing} onDone={() => setEditing(null)} />
      ) : (
        <NewAccount agencies={(agencies.data ?? []).filter((a) => a.active)} onCreated={onPassword} />
      )}
      <section className="card" aria-labelledby="users-list-title">
        <h2 id="users-list-title">{t('admin.usersList')}</h2>
        <div className="filters">
          <label>
            {t('admin.search')}{' '}
            <input
              type="text"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          </label>
          {isAdmin && (
            <label>
              {t('admin.agency')}{' '}
              <select
                value={agencyCode}
                onChange={(e) => {
                  setAgencyCode(e.target.value);
                  setPage(1);
                }}
              >
                <option value="">{t('admin.allAgencies')}</option>
                {(agencies.data ?? []).map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.code} — {a.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('admin.role')}{' '}
            <select
              value={role}
              onChange={(e) => {
                setRole(e.target.value);
                setPage(1);
              }}
            >
              <option value="">{t('admin.allRoles')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.status')}{' '}
            <select
              value={active}
              onChange={(e) => {
                setActive(e.target.value);
                setPage(1);
              }}
            >
              <option value="true">{t('admin.active')}</option>
              <option value="false">{t('admin.inactive')}</option>
              <option value="">{t('admin.all')}</option>
            </select>
          </label>
        </div>
        <QueryState query={accounts}>
          {(result) =>
            result.items.length === 0 ? (
              <p className="empty">{t('admin.noUsers')}</p>
            ) : (
              <>
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.username')}</th>
                        <th scope="col">{t('admin.fullName')}</th>
                        <th scope="col">{t('admin.role')}</th>
                        <th scope="col">{t('admin.agency')}</th>
                        <th scope="col">{t('admin.position')}</th>
                        <th scope="col">{t('admin.status')}</th>
                        <th scope="col">{t('admin.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.items.map((account) => (
                        <AccountRow
                          key={account.id}
                          account={account}
                          self={account.id === user.id}
                          onEdit={() => setEditing(account)}
                          onReset={onPassword}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pager page={result.page} pageSize={result.pageSize} total={result.total} onPage={setPage} />
              </>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

function AccountRow({
  account,
  self,
  onEdit,
  onReset,
}: {
  account: Account;
  self: boolean;
  onEdit: () => void;
  onReset: (result: WithPassword) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  const deactivate = useMutation({
    mutationFn: () => post<Account>(`/admin/users/${account.id}/deactivate`),
    onSuccess: refresh,
  });
  const reset = useMutation({
    mutationFn: () => post<WithPassword>(`/admin/users/${account.id}/reset-password`),
    onSuccess: async (result) => {
      onReset(result);
      await refresh();
    },
  });
  return (
    <tr>
      <td>{account.username}</td>
      <td>{account.fullName}</td>
      <td>
        {t(`roles.${account.role}`)}
        {account.office ? ` (${account.office})` : ''}
      </td>
      <td>{account.agency.code}</td>
      <td>{account.position ?? t('common.none')}</td>
      <td>
        {account.active ? t('admin.active') : t('admin.inactive')}
        {account.active && account.mustChangePassword ? ` · ${t('admin.mustChangePassword')}` : ''}
      </td>
      <td>
        {account.active && !self && (
          <div className="actions">
            <button type="button" className="button-secondary" onClick={onEdit}>
              {t('admin.edit')}
            </button>
            <button
              type="button"
              className="button-secondary"
              disabled={reset.isPending}
              onClick={() => {
                if (window.confirm(t('admin.confirmReset', { username: account.username }))) reset.mutate();
              }}
            >
              {t('admin.resetPassword')}
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={deactivate.isPending}
              onClick={() => {
                if (window.confirm(t('admin.confirmDeactivateUser', { username: account.username })))
                  deactivate.mutate();
              }}
            >
              {t('admin.deactivate')}
            </button>
          </div>
        )}
        {deactivate.isError && <ErrorNotice error={deactivate.error} />}
        {reset.isError && <ErrorNotice error={reset.error} />}
      </td>
    </tr>
  );
}

interface AccountValues {
  username: string;
  fullName: string;
  role: Role;
  agencyCode: string;
  office: string;
  position: string;
  email: string;
  phone: string;
}

function AccountFields({
  form,
  problems,
  agencies,
  isNew,
}: {
  form: ReturnType<typeof useForm<AccountValues>>;
  problems: Record<string, string[]>;
  agencies: { code: string; name: string }[];
  isNew: boolean;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const isAdmin = user.role === 'ADMIN';
  const role = useWatch({ control: form.control, name: 'role' });
  const { register } = form;
  const field = (name: keyof AccountValues, label: string, inputMode?: 'email' | 'tel') => (
    <div className={problems[name] ? 'field field-invalid' : 'field'}>
      <label htmlFor={`account-${name}`}>{label}</label>
      <input
        id={`account-${name}`}
        type="text"
        inputMode={inputMode}
        {...register(name)}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={problems[name] ? `account-${name}-error` : undefined}
      />
      <FieldMessage id={`account-${name}-error`} messages={problems[name]} />
    </div>
  );
  return (
    <>
      {isNew && field('username', t('admin.username'))}
      {field('fullName', t('admin.fullName'))}
      {isAdmin && (
        <>
          <div className={problems.role ? 'field field-invalid' : 'field'}>
            <label htmlFor="account-role">{t('admin.role')}</label>
            <select id="account-role" {...register('role')}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
            <FieldMessage id="account-role-error" messages={problems.role} />
          </div>
          <div className={problems.agencyCode ? 'field field-invalid' : 'field'}>
            <label htmlFor="account-agencyCode">{t('admin.agency')}</label>
            <select id="account-agencyCode" {...register('agencyCode')}>
              <option value="">—</option>
              {agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.code} — {a.name}
                </option>
              ))}
            </select>
            <FieldMessage id="account-agencyCode-error" messages={problems.agencyCode} />
          </div>
          {role === 'LEADERSHIP' && (
            <div className={problems.office ? 'field field-invalid' : 'field'}>
              <label htmlFor="account-office">{t('admin.office')}</label>
              <select id="account-office" {...register('office')}>
                <option value="">—</option>
                {OFFICES.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
              <FieldMessage id="account-office-error" messages={problems.office} />
            </div>
          )}
        </>
      )}
      {field('position', t('admin.position'))}
      {field('email', t('admin.email'), 'email')}
      {field('phone', t('admin.phone'), 'tel')}
    </>
  );
}

function NewAccount({
  agencies,
  onCreated,
}: {
  agencies: { code: string; name: string }[];
  onCreated: (result: WithPassword) => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const form = useForm<AccountValues>({
    defaultValues: {
      username: '',
      fullName: '',
      role: 'STAFF',
      agencyCode: user.role === 'ADMIN' ? '' : user.agencyCode,
      office: '',
      position: '',
      email: '',
      phone: '',
    },
  });
  const create = useMutation({
    mutationFn: (values: AccountValues) =>
      post<WithPassword>('/admin/users', {
        ...values,
        ...(user.role === 'ADMIN' ? {} : { role: 'STAFF', agencyCode: user.agencyCode }),
        office: values.role === 'LEADERSHIP' ? values.office : '',
      }),
    onSuccess: async (result) => {
      form.reset();
      onCreated(result);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });
  const problems = fieldProblems(create.error);
  return (
    <section className="card card-action" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{user.role === 'ADMIN' ? t('admin.newUser') : t('admin.newStaff')}</h2>
      <form noValidate onSubmit={(event) => void form.handleSubmit((v) => create.mutate(v))(event)}>
        <AccountFields form={form} problems={problems} agencies={agencies} isNew />
        {create.isError && Object.keys(problems).length === 0 && <ErrorNotice error={create.error} />}
        <div className="actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {t('admin.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditAccount({ account, onDone }: { account: Account; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const agencies = useQuery({
    queryKey: ['agencies'],
    queryFn: () => api<{ code: string; name: string }[]>('/agencies'),
    enabled: user.role === 'ADMIN',
  });
  const form = useForm<AccountValues>({
    defaultValues: {
      username: account.username,
      fullName: account.fullName,
      role: account.role,
      agencyCode: account.agency.code,
      office: account.office ?? '',
      position: account.position ?? '',
      email: account.email ?? '',
      phone: account.phone ?? '',
    },
  });
  const save = useMutation({
    mutationFn: ({ username: _username, ...values }: AccountValues) =>
      api<Account>(`/admin/users/${account.id}`, {
        method: 'PATCH',
        body:
          user.role === 'ADMIN'
            ? { ...values, office: values.role === 'LEADERSHIP' ? values.office : '' }
            : {
                fullName: values.fullName,
                position: values.position,
                email: values.email,
                phone: values.phone,
              },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onDone();
    },
  });
  const problems = fieldProblems(save.error);
  return (
    <section className="card card-action" aria-labelledby="edit-user-title">
      <h2 id="edit-user-title">{t('admin.editUser', { username: account.username })}</h2>
      <form noValidate onSubmit={(event) => void form.handleSubmit((v) => save.mutate(v))(event)}>
        <AccountFields form={form} problems={problems} agencies={agencies.data ?? []} isNew={false} />
        {save.isError && Object.keys(problems).length === 0 && <ErrorNotice error={save.error} />}
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {t('admin.save')}
          </button>
          <button type="button" className="button-secondary" onClick={onDone}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
