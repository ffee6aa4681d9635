import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTING_TITLES, type ActingPostKind, type ActingTitle } from '@gotong/domain/acting';
import { api, post } from '../../api/client';
import { formatActingDate, type ActingAppointment, type ActingCandidate } from '../../acting/acting';
import { useUser } from '../../auth/AuthProvider';
import { DateInput } from '../../components/DateInput';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { isoDateWib } from '../../format/datetime';
import { currentLang } from '../../i18n';
import { fieldProblems } from '../admin/admin-api';

/**
 * Plt. / Plh.: a Kepala OPD appoints someone to act in their post while they are away, the Bupati for the
 * Sekda, an admin for any post (permissions appointsActing); current and upcoming appointments, ended early
 * here too.
 */
export function ActingPage() {
  const { t } = useTranslation();
  const appointments = useQuery({
    queryKey: ['acting', 'list'],
    queryFn: () => api<ActingAppointment[]>('/acting-appointments'),
  });
  return (
    <>
      <h1>{t('acting.title')}</h1>
      <p className="muted">{t('acting.intro')}</p>
      <AppointForm />
      <section className="card" aria-labelledby="acting-list-title">
        <h2 id="acting-list-title">{t('acting.listTitle')}</h2>
        <QueryState query={appointments}>
          {(rows) =>
            rows.length === 0 ? (
              <p className="empty">{t('acting.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('acting.post')}</th>
                      <th scope="col">{t('acting.actingUser')}</th>
                      <th scope="col">{t('acting.dates')}</th>
                      <th scope="col">{t('acting.reason')}</th>
                      <th scope="col">{t('admin.status')}</th>
                      <th scope="col">{t('admin.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <AppointmentRow key={row.id} row={row} />
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

function AppointmentRow({ row }: { row: ActingAppointment }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: () => post<ActingAppointment>(`/acting-appointments/${row.id}/end`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['acting'] }),
  });
  return (
    <tr>
      <td>{row.label}</td>
      <td>
        {row.actingUser.fullName} ({row.actingUser.username})
      </td>
      <td>
        {formatActingDate(row.startsOn, lang)} – {formatActingDate(row.endsOn, lang)}
      </td>
      <td>{row.reason}</td>
      <td>{row.endedAt ? t('acting.ended') : row.inForce ? t('acting.inForce') : t('acting.upcoming')}</td>
      <td>
        {!row.endedAt && (
          <button
            type="button"
            className="button-danger"
            disabled={end.isPending}
            onClick={() => {
              if (window.confirm(t('acting.confirmEnd', { label: row.label, name: row.actingUser.fullName })))
                end.mutate();
            }}
          >
            {t('acting.end')}
          </button>
        )}
        {end.isError && <ErrorNotice error={end.error} />}
      </td>
    </tr>
  );
}

/** The posts the signed-in user may appoint to, as the form offers them. */
function postsFor(role: string): ActingPostKind[] {
  if (role === 'ADMIN') return ['AGENCY_HEAD', 'SEKDA'];
  if (role === 'AGENCY_HEAD') return ['AGENCY_HEAD'];
  if (role === 'LEADERSHIP') return ['SEKDA'];
  return [];
}

function AppointForm() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const posts = postsFor(user.role);
  const [postKind, setPostKind] = useState<ActingPostKind>(posts[0] ?? 'AGENCY_HEAD');
  const [agencyCode, setAgencyCode] = useState(user.role === 'AGENCY_HEAD' ? user.agencyCode : '');
  const [actingUserId, setActingUserId] = useState('');
  const [title, setTitle] = useState<ActingTitle>('PLT');
  const [startsOn, setStartsOn] = useState(() => isoDateWib(new Date()));
  const [endsOn, setEndsOn] = useState(() => isoDateWib(new Date(), -6));
  const [reason, setReason] = useState('');
  const agencies = useQuery({
    queryKey: ['agencies'],
    queryFn: () => api<{ code: string; name: string; active: boolean }[]>('/agencies'),
    enabled: user.role === 'ADMIN' && postKind === 'AGENCY_HEAD',
  });
  const ready = postKind === 'SEKDA' || agencyCode !== '';
  const candidates = useQuery({
    queryKey: ['acting', 'candidates', postKind, agencyCode],
    queryFn: () =>
      api<ActingCandidate[]>(
        `/acting-appointments/candidates?post=${postKind}${postKind === 'AGENCY_HEAD' ? `&agencyCode=${encodeURIComponent(agencyCode)}` : ''}`,
      ),
    enabled: posts.length > 0 && ready,
    retry: false,
  });
  const create = useMutation({
    mutationFn: () =>
      post<ActingAppointment>('/acting-appointments', {
        post: postKind,
        ...(postKind === 'AGENCY_HEAD' ? { agencyCode } : {}),
        title,
        actingUserId,
        startsOn,
        endsOn,
        reason,
      }),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['acting'] });
    },
  });
  // Leadership other than the Bupati (and anyone the rules refuse) gets no form: the API would answer 403.
  if (posts.length === 0 || (candidates.error && !create.isPending)) return null;
  const problems = fieldProblems(create.error);
  return (
    <section className="card card-action" aria-labelledby="acting-new-title">
      <h2 id="acting-new-title">{t('acting.newTitle')}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        {posts.length > 1 && (
          <div className="field">
            <label htmlFor="acting-post">{t('acting.post')}</label>
            <select
              id="acting-post"
              value={postKind}
              onChange={(e) => setPostKind(e.target.value as ActingPostKind)}
            >
              {posts.map((p) => (
                <option key={p} value={p}>
                  {t(`acting.postKind${p}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        {postKind === 'AGENCY_HEAD' && user.role === 'ADMIN' && (
          <div className="field">
            <label htmlFor="acting-agency">{t('acting.agency')}</label>
            <select
              id="acting-agency"
              value={agencyCode}
              onChange={(e) => setAgencyCode(e.target.value)}
              aria-describedby="acting-agency-error"
            >
              <option value="">—</option>
              {(agencies.data ?? [])
                .filter((a) => a.active)
                .map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.name} ({a.code})
                  </option>
                ))}
            </select>
            <FieldMessage id="acting-agency-error" messages={problems.agencyCode} />
          </div>
        )}
        {postKind === 'AGENCY_HEAD' && user.role === 'AGENCY_HEAD' && (
          <p>{t('acting.ownPost', { agency: `${user.agencyName} (${user.agencyCode})` })}</p>
        )}
        <div className="field">
          <label htmlFor="acting-user">{t('acting.actingUser')}</label>
          <select
            id="acting-user"
            value={actingUserId}
            onChange={(e) => setActingUserId(e.target.value)}
            aria-describedby="acting-user-error"
          >
            <option value="">—</option>
            {(candidates.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.fullName} ({c.username}){c.position ? ` · ${c.position}` : ''}
              </option>
            ))}
          </select>
          <FieldMessage id="acting-user-error" messages={problems.actingUserId} />
        </div>
        <div className="field">
          <label htmlFor="acting-title">{t('acting.titleField')}</label>
          <select id="acting-title" value={title} onChange={(e) => setTitle(e.target.value as ActingTitle)}>
            {ACTING_TITLES.map((value) => (
              <option key={value} value={value}>
                {t(`acting.title${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="acting-starts">{t('acting.startsOn')}</label>
          <DateInput
            id="acting-starts"
            value={startsOn}
            onChange={setStartsOn}
            aria-describedby="acting-starts-error"
          />
          <FieldMessage id="acting-starts-error" messages={problems.startsOn} />
        </div>
        <div className="field">
          <label htmlFor="acting-ends">{t('acting.endsOn')}</label>
          <DateInput
            id="acting-ends"
            value={endsOn}
            onChange={setEndsOn}
            aria-describedby="acting-ends-error"
          />
          <FieldMessage id="acting-ends-error" messages={problems.endsOn} />
        </div>
        <div className="field">
          <label htmlFor="acting-reason">{t('acting.reason')}</label>
          <input
            type="text"
            id="acting-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="acting-reason-error"
          />
          <FieldMessage id="acting-reason-error" messages={problems.reason} />
        </div>
        {create.isError && !Object.keys(problems).length && <ErrorNotice error={create.error} />}
        {create.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('acting.appointed', { label: create.data.label, name: create.data.actingUser.fullName })}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={create.isPending}>
            {t('acting.appoint')}
          </button>
        </div>
      </form>
    </section>
  );
}
