import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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
import { SitrepFiguresPanel } from './SitrepFiguresPanel';
import { useFilterParams } from '../../components/useFilterParams';

const STATUSES = ['OPEN', 'RESOLVED'] as const;

type Agency = { code: string; name: string };

/** A reconciliation as the list shows it: one per request (or project) whose figures disagree. */
interface ReconciliationSummary {
  id: string;
  sourceProjectId: string;
  projectId: string | null;
  status: 'OPEN' | 'RESOLVED';
  title: string;
  openedAt: string;
  resolvedAt: string | null;
  cells: number;
  openCells: number;
}

/** One reconciliation on one screen: every cell with the OPDs' figures, explanations and proposals. */
interface ReconciliationDetail extends Omit<ReconciliationSummary, 'cells' | 'openCells'> {
  explanations: {
    agency?: Agency;
    taskId: string;
    taskStatus: string | null;
    explanation: string | null;
    submittedAt: string | null;
  }[];
  cells: {
    conflictId: string;
    row: number;
    indicatorCode: string;
    areaCode: string;
    areaName: string | null;
    period: string;
    breakdown: string;
    status: 'OPEN' | 'RESOLVED';
    published: number | null;
    values: { agency?: Agency; value: number }[];
    proposals: { agency?: Agency; explanation: string | null; proposal: number | null }[];
    agreedValue: number | null;
    reasoning: string | null;
    resolvedAt: string | null;
  }[];
}

type Conflict = DataConflict & { reconciliationId?: string | null; publishedValue?: number | null };

/**
 * Figures the OPDs disagree on (an OPD sees its own), gathered in one reconciliation per request: the walidata
 * opens one and decides its cells on one screen, each beside the OPDs' explanations and proposals, one by one
 * or one OPD's figure for many cells at once.
 */
export function ConflictsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useFilterParams();
  const statusParam = params.get('status') ?? 'OPEN';
  const status = (STATUSES as readonly string[]).includes(statusParam) ? statusParam : '';
  const open = params.get('reconciliation');
  const reconciliations = useQuery({
    queryKey: ['data', 'reconciliations', status],
    queryFn: () => api<ReconciliationSummary[]>(`/data/reconciliations${query({ status })}`),
    enabled: !open,
  });
  const conflicts = useQuery({
    queryKey: ['data', 'conflicts', status],
    queryFn: () => api<Conflict[]>(`/data/conflicts${query({ status })}`),
    enabled: !open,
  });
  if (open) {
    return (
      <>
        <h1>{t('conflicts.title')}</h1>
        <DataTabs />
        <p>
          <Link to={`/data/conflicts${query({ status })}`}>{t('conflicts.back')}</Link>
        </p>
        <ReconciliationView id={open} />
      </>
    );
  }
  return (
    <>
      <h1>{t('conflicts.title')}</h1>
      <DataTabs />
      <p className="muted">{t('conflicts.intro')}</p>
      {may.resolveConflicts(user.role) && <SitrepFiguresPanel />}
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
      <h2>{t('conflicts.reconciliations')}</h2>
      <QueryState query={reconciliations}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('conflicts.noReconciliations')}</p>
          ) : (
            <ul className="list">
              {list.map((r) => (
                <li key={r.id} data-reconciliation-id={r.id}>
                  <Link to={`/data/conflicts${query({ status, reconciliation: r.id })}`}>{r.title}</Link>{' '}
                  <span className={r.status === 'OPEN' ? 'badge badge-warning' : 'badge badge-success'}>
                    {t(`conflicts.${r.status}`)}
                  </span>{' '}
                  <span className="muted">
                    {t('conflicts.cellsCount', { open: r.openCells, total: r.cells })} ·{' '}
                    {t('conflicts.openedAt')} <DateTime value={r.openedAt} />
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <QueryState query={conflicts}>
        {(list) => {
          const loose = list.filter((c) => !c.reconciliationId);
          return loose.length === 0 ? null : (
            <>
              <h2>{t('conflicts.legacy')}</h2>
              {loose.map((conflict) => (
                <ConflictCard key={conflict.id} conflict={conflict} />
              ))}
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function ReconciliationView({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: ['data', 'reconciliation', id],
    queryFn: () => api<ReconciliationDetail>(`/data/reconciliations/${id}`),
  });
  return (
    <QueryState query={detail}>
      {(r) => (
        <section aria-labelledby="reconciliation-title" data-reconciliation-id={r.id}>
          <h2 id="reconciliation-title">
            {r.title}{' '}
            <span className={r.status === 'OPEN' ? 'badge badge-warning' : 'badge badge-success'}>
              {t(`conflicts.${r.status}`)}
            </span>
          </h2>
          <p className="muted">
            {t('conflicts.openedAt')} <DateTime value={r.openedAt} />
            {r.resolvedAt && (
              <>
                {' · '}
                {t('conflicts.RESOLVED')} <DateTime value={r.resolvedAt} />
              </>
            )}
            {r.projectId && (
              <>
                {' · '}
                <Link to={`/projects/${r.projectId}`}>{t('conflicts.reconciliation')}</Link>
              </>
            )}
          </p>
          <h3>{t('conflicts.explanations')}</h3>
          <dl className="explanations">
            {r.explanations.map((e) => (
              <div key={e.taskId} data-explanation-agency={e.agency?.code}>
                <dt>{e.agency ? `${e.agency.name} (${e.agency.code})` : t('common.none')}</dt>
                <dd>{e.explanation ?? <span className="muted">{t('conflicts.noExplanation')}</span>}</dd>
              </div>
            ))}
          </dl>
          <DecisionTable reconciliation={r} />
        </section>
      )}
    </QueryState>
  );
}

function DecisionTable({ reconciliation }: { reconciliation: ReconciliationDetail }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const user = useUser();
  const queryClient = useQueryClient();
  const arbiter = may.resolveConflicts(user.role) && reconciliation.status === 'OPEN';
  const [figures, setFigures] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reasoning, setReasoning] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const openCells = reconciliation.cells.filter((c) => c.status === 'OPEN');
  const agencies = [
    ...new Map(
      reconciliation.cells.flatMap((c) =>
        c.values.flatMap((v) => (v.agency ? [[v.agency.code, v.agency]] : [])),
      ),
    ).values(),
  ].sort((a, b) => (a.code < b.code ? -1 : 1));
  const decide = useMutation({
    mutationFn: (body: {
      decisions?: { conflictId: string; value: number }[];
      accept?: { agency: string; conflictIds: string[] };
      reasoning: string;
    }) => post(`/data/reconciliations/${reconciliation.id}/decisions`, body),
    onSuccess: () => {
      setFigures({});
      setSelected(new Set());
      return queryClient.invalidateQueries({ queryKey: ['data'] });
    },
  });
  const submit = (body: {
    decisions?: { conflictId: string; value: number }[];
    accept?: { agency: string; conflictIds: string[] };
  }) => {
    if (reasoning.trim() === '') return setProblem(t('conflicts.reasoningRequired'));
    setProblem(null);
    decide.mutate({ ...body, reasoning: reasoning.trim() });
  };
  const decideFilled = () => {
    const decisions: { conflictId: string; value: number }[] = [];
    for (const [conflictId, text] of Object.entries(figures)) {
      if (text.trim() === '') continue;
      const value = parseFigure(text);
      if (value === null) return setProblem(t('conflicts.valueInvalid'));
      decisions.push({ conflictId, value });
    }
    if (decisions.length === 0) return setProblem(t('conflicts.nothingToDecide'));
    submit({ decisions });
  };
  const cellName = (c: ReconciliationDetail['cells'][number]) =>
    `${c.indicatorCode}${c.breakdown ? ` (${c.breakdown})` : ''} · ${c.areaName ?? c.areaCode} · ${c.period}`;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {arbiter && (
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('conflicts.selectAll')}
                    checked={openCells.length > 0 && selected.size === openCells.length}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(openCells.map((c) => c.conflictId)) : new Set())
                    }
                  />
                </th>
              )}
              <th scope="col">{t('conflicts.cell')}</th>
              {agencies.map((a) => (
                <th scope="col" className="num" key={a.code}>
                  {a.code}
                </th>
              ))}
              <th scope="col" className="num">
                {t('conflicts.published')}
              </th>
              <th scope="col">{t('conflicts.proposals')}</th>
              <th scope="col">{t('conflicts.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {reconciliation.cells.map((c) => (
              <tr key={c.conflictId} data-cell-id={c.conflictId} data-area={c.areaCode}>
                {arbiter && (
                  <td>
                    {c.status === 'OPEN' && (
                      <input
                        type="checkbox"
                        aria-label={t('conflicts.select', { cell: cellName(c) })}
                        checked={selected.has(c.conflictId)}
                        onChange={(e) => {
                          const next = new Set(selected);
                          if (e.target.checked) next.add(c.conflictId);
                          else next.delete(c.conflictId);
                          setSelected(next);
                        }}
                      />
                    )}
                  </td>
                )}
                <th scope="row">{cellName(c)}</th>
                {agencies.map((a) => {
                  const v = c.values.find((x) => x.agency?.code === a.code);
                  return (
                    <td className="num" key={a.code}>
                      {v ? formatNumber(v.value, lang) : t('common.none')}
                    </td>
                  );
                })}
                <td className="num">
                  {c.published === null ? t('common.none') : formatNumber(c.published, lang)}
                </td>
                <td>
                  {c.proposals.length === 0
                    ? t('common.none')
                    : c.proposals.map((p) => (
                        <p key={p.agency?.code} className="proposal">
                          <strong>{p.agency?.code}</strong>
                          {p.proposal !== null &&
                            ` (${t('conflicts.proposal', { value: formatNumber(p.proposal, lang) })})`}
                          {p.explanation && `: ${p.explanation}`}
                        </p>
                      ))}
                </td>
                <td>
                  {c.status === 'RESOLVED' ? (
                    <span className="decided">
                      {t('conflicts.agreed', { value: formatNumber(c.agreedValue ?? 0, lang) })}
                      {c.reasoning && ` — ${c.reasoning}`}
                    </span>
                  ) : arbiter ? (
                    <input
                      inputMode="decimal"
                      aria-label={`${t('conflicts.agreedValue')}: ${cellName(c)}`}
                      value={figures[c.conflictId] ?? ''}
                      onChange={(e) => setFigures({ ...figures, [c.conflictId]: e.target.value })}
                    />
                  ) : (
                    t('conflicts.OPEN')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {arbiter && (
        <form noValidate aria-label={t('conflicts.resolve')} onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="reconciliation-reasoning">{t('conflicts.reasoning')}</label>
            <textarea
              id="reconciliation-reasoning"
              rows={3}
              value={reasoning}
              onChange={(e) => setReasoning(e.target.value)}
            />
          </div>
          <p className="muted">{t('conflicts.selected', { count: selected.size })}</p>
          {problem && (
            <p className="notice notice-error" role="alert">
              {problem}
            </p>
          )}
          {decide.error && <ErrorNotice error={decide.error} />}
          <div className="actions">
            <button type="button" disabled={decide.isPending} onClick={decideFilled}>
              {t('conflicts.decideFilled')}
            </button>
            {agencies.map((a) => (
              <button
                type="button"
                key={a.code}
                disabled={decide.isPending || selected.size === 0}
                onClick={() => submit({ accept: { agency: a.code, conflictIds: [...selected] } })}
              >
                {t('conflicts.acceptFor', { agency: a.code })}
              </button>
            ))}
          </div>
        </form>
      )}
    </>
  );
}

function ConflictCard({ conflict }: { conflict: Conflict }) {
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
