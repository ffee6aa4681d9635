import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { assignsPlanningProposals } from '@gotong/domain/planning/access';
import { MAX_ASSIGNED_AGENCIES } from '@gotong/domain/planning';
import { api, post } from '../api/client';
import { DateTime } from '../components/DateTime';
import { FieldMessage } from '../components/FieldMessage';
import { ErrorNotice, QueryState } from '../components/QueryState';
import { currentLang } from '../i18n';
import {
  formatDay,
  formatRupiah,
  kecamatanShortName,
  type ProposalDecision,
  type ProposalDetail,
} from './planning-model';
import { useAgencies, usePlanningCaller, useTopics, yearParam } from './planning-api';
import { problemsByField } from './problems';
import { ProposalBadges, ProposalStatusBadge } from './ProposalBadges';
import { usePlanningTexts } from './texts';

/** /planning/:year/proposals/:id — a proposal, each OPD's decision, the joint project and each task. */
export function ProposalPage() {
  const { year: param, id = '' } = useParams();
  const year = yearParam(param) ?? Number.NaN;
  const proposal = useQuery({
    queryKey: ['planning', 'proposal', year, id],
    queryFn: () => api<ProposalDetail>(`/planning/years/${year}/proposals/${id}`),
    // Waiting to be routed (e.g. just assigned): look again soon; otherwise as the other pages do.
    refetchInterval: (q) => (q.state.data?.status === 'SUBMITTED' ? 5_000 : 15_000),
  });
  return <QueryState query={proposal}>{(data) => <ProposalView proposal={data} />}</QueryState>;
}

function ProposalView({ proposal }: { proposal: ProposalDetail }) {
  const text = usePlanningTexts();
  const caller = usePlanningCaller();
  const topics = useTopics();
  const topic = topics.data?.find((t) => t.key === proposal.topic);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/planning/${proposal.year}`}>{text.detail.back(proposal.year)}</Link>
      </p>
      <h1>{proposal.title}</h1>
      <p className="status-line">
        <ProposalStatusBadge status={proposal.status} />
        <ProposalBadges late={proposal.late} escalated={proposal.escalated} />
      </p>
      <section className="card" aria-labelledby="proposal-details">
        <h2 id="proposal-details">{text.detail.details}</h2>
        <dl className="details">
          <div>
            <dt>{text.detail.kecamatan}</dt>
            <dd>
              {kecamatanShortName(proposal.kecamatan.name)} ({proposal.kecamatan.areaCode})
            </dd>
          </div>
          <div>
            <dt>{text.detail.desa}</dt>
            <dd>
              {proposal.desa.name} ({proposal.desa.code})
            </dd>
          </div>
          <div>
            <dt>{text.detail.topic}</dt>
            <dd>{topic?.label ?? proposal.topic}</dd>
          </div>
          <div>
            <dt>{text.detail.priority}</dt>
            <dd>{proposal.priority}</dd>
          </div>
          <div>
            <dt>{text.detail.createdBy}</dt>
            <dd>
              {proposal.createdBy.fullName}, {formatDay(proposal.createdAt)}
            </dd>
          </div>
          <div>
            <dt>{text.detail.routedAt}</dt>
            <dd>{proposal.routedAt ? formatDay(proposal.routedAt) : text.detail.notRouted}</dd>
          </div>
          <div>
            <dt>{text.detail.decisionDue}</dt>
            <dd>
              <time dateTime={proposal.decisionDueAt}>{formatDay(proposal.decisionDueAt)}</time>
            </dd>
          </div>
        </dl>
        <h3>{text.detail.problem}</h3>
        <p className="pre-wrap">{proposal.problem}</p>
        <h3>{text.detail.proposedActivity}</h3>
        <p className="pre-wrap">{proposal.proposedActivity}</p>
        {proposal.projectId && (
          <p>
            {text.detail.project}:{' '}
            <Link to={`/projects/${proposal.projectId}`}>{text.detail.openProject}</Link>
          </p>
        )}
      </section>
      {proposal.status === 'UNOWNED' && assignsPlanningProposals(caller) && (
        <AssignPanel proposal={proposal} />
      )}
      <section className="card" aria-labelledby="proposal-decisions">
        <h2 id="proposal-decisions">{text.detail.decisions}</h2>
        <p className="help">{text.detail.decisionsHelp}</p>
        {proposal.decisions.length === 0 ? (
          <p className="muted">{text.detail.noDecisions}</p>
        ) : (
          proposal.decisions.map((d) => (
            <DecisionCard
              key={d.agency.code}
              decision={d}
              lateAtDeadline={proposal.lateAgencies?.includes(d.agency.code) ?? false}
            />
          ))
        )}
      </section>
    </>
  );
}

function DecisionCard({
  decision: d,
  lateAtDeadline,
}: {
  decision: ProposalDecision;
  /** Still open when the Renja deadline passed, even if decided since. */
  lateAtDeadline: boolean;
}) {
  const text = usePlanningTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const headingId = `decision-${d.agency.code}`;
  const label =
    d.decision === 'ACCEPTED'
      ? text.detail.accepted
      : d.decision === 'DECLINED'
        ? text.detail.declined
        : text.detail.undecided;
  const badge =
    d.decision === 'ACCEPTED'
      ? 'badge badge-completed'
      : d.decision === 'DECLINED'
        ? 'badge badge-returned'
        : 'badge badge-assigned';
  const rows: [string, string | null][] =
    d.decision === 'ACCEPTED'
      ? [
          [text.detail.program, d.program],
          [text.detail.kegiatan, d.kegiatan],
          [text.detail.subKegiatan, d.subKegiatan],
          [text.detail.kodeRekening, d.kodeRekening],
          [text.detail.pagu, d.pagu === null ? null : formatRupiah(d.pagu, lang)],
        ]
      : d.decision === 'DECLINED'
        ? [[text.detail.reason, d.reason]]
        : [];
  return (
    <article className="contribution" aria-labelledby={headingId} data-agency={d.agency.code}>
      <h3 id={headingId}>
        {d.agency.name} ({d.agency.code})
      </h3>
      <p className="status-line">
        <span className={badge} data-decision={d.decision ?? 'OPEN'}>
          {label}
        </span>
        {(lateAtDeadline || (d.decision === null && d.late)) && (
          <span className="badge badge-overdue">{text.badge.late}</span>
        )}
        {d.decision === null && d.escalationLevel > 0 && (
          <span className="badge badge-escalated">{text.badge.level(d.escalationLevel)}</span>
        )}
      </p>
      <dl className="details">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd className="pre-wrap">{value ?? '—'}</dd>
          </div>
        ))}
        <div>
          <dt>{d.decidedAt ? text.detail.decidedAt : text.detail.due}</dt>
          <dd className={d.decision === null && d.late ? 'text-overdue' : undefined}>
            <DateTime value={d.decidedAt ?? d.dueAt} />
          </dd>
        </div>
      </dl>
      <p>
        <Link to={`/tasks/${d.taskId}`}>
          {text.detail.task} ({d.agency.code})
        </Link>
      </p>
    </article>
  );
}

/** BAPPEDA chooses the OPDs of an unowned proposal (POST …/assign); it is routed at once. */
function AssignPanel({ proposal }: { proposal: ProposalDetail }) {
  const text = usePlanningTexts();
  const agencies = useAgencies();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const assign = useMutation({
    mutationFn: (codes: string[]) =>
      post<ProposalDetail>(`/planning/years/${proposal.year}/proposals/${proposal.id}/assign`, {
        agencies: codes,
      }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['planning', 'proposal', proposal.year, proposal.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['planning'] });
    },
    onError: (error) => {
      const found = problemsByField(error, ['agencies']);
      setProblem(found.byField.agencies?.map(text.problem).join(' ') ?? null);
    },
  });
  const submit = () => {
    if (chosen.length === 0) return setProblem(text.assign.choose);
    if (chosen.length > MAX_ASSIGNED_AGENCIES) return setProblem(text.assign.tooMany);
    setProblem(null);
    assign.mutate(chosen);
  };
  return (
    <section className="card card-action" aria-labelledby="assign-title">
      <h2 id="assign-title">{text.assign.title}</h2>
      <p className="help">{text.assign.intro}</p>
      <QueryState query={agencies}>
        {(list) => (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <div className={problem ? 'field field-invalid' : 'field'}>
              <fieldset
                className="choice-grid"
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? 'assign-error' : undefined}
              >
                <legend>{text.assign.agencies}</legend>
                {list
                  .filter((a) => a.kind !== 'KECAMATAN' && a.active)
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((a) => (
                    <label key={a.code}>
                      <input
                        type="checkbox"
                        checked={chosen.includes(a.code)}
                        onChange={(e) =>
                          setChosen((old) =>
                            e.target.checked ? [...old, a.code] : old.filter((code) => code !== a.code),
                          )
                        }
                      />
                      {a.name} ({a.code})
                    </label>
                  ))}
              </fieldset>
              <FieldMessage id="assign-error" messages={problem ?? undefined} />
            </div>
            {assign.error && !problem && <ErrorNotice error={assign.error} />}
            <button type="submit" disabled={assign.isPending}>
              {assign.isPending ? text.assign.submitting : text.assign.submit}
            </button>
          </form>
        )}
      </QueryState>
    </section>
  );
}
