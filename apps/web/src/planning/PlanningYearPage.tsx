import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { proposalFilingRefusal, seesAllPlanning } from '@gotong/domain/planning/access';
import { api, query } from '../api/client';
import type { Page } from '../api/types';
import { type ListColumn, ListPage, SelectFilter } from '../components/ListPage';
import { QueryState } from '../components/QueryState';
import { useNow } from '../components/useNow';
import {
  formatDay,
  kecamatanShortName,
  PROPOSAL_STATUSES,
  type PlanningYear,
  type ProposalStatus,
  type ProposalSummary,
} from './planning-model';
import { useAgencies, usePlanningCaller, useTopics, useYear, yearParam } from './planning-api';
import { StageTimeline } from './PlanningYearsPage';
import { usePlanningTexts } from './texts';
import { ProposalBadges, ProposalStatusBadge } from './ProposalBadges';
import { useFilterParams } from '../components/useFilterParams';

/** /planning/:year — the year's proposals with filters (kecamatan, OPD, status) kept in the URL, paged. */
export function PlanningYearPage() {
  const { year: param } = useParams();
  // Not a year: the API's 400 is said like any other refusal.
  const planningYear = useYear(yearParam(param) ?? Number.NaN);
  return <QueryState query={planningYear}>{(data) => <YearProposals year={data} />}</QueryState>;
}

function useProposalParams() {
  const [params, setParams] = useFilterParams();
  const statusParam = params.get('status') ?? '';
  const status = (PROPOSAL_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as ProposalStatus)
    : '';
  const kecamatan = params.get('kecamatan') ?? '';
  const opd = params.get('opd') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const set = (next: Record<string, string>) =>
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '')));
  return {
    status,
    kecamatan,
    opd,
    page,
    setFilter: (name: 'status' | 'kecamatan' | 'opd', value: string) =>
      set({ status, kecamatan, opd, [name]: value }),
    setPage: (p: number) => set({ status, kecamatan, opd, page: String(p) }),
  };
}

function YearProposals({ year }: { year: PlanningYear }) {
  const text = usePlanningTexts();
  const caller = usePlanningCaller();
  const now = useNow();
  const agencies = useAgencies();
  const topics = useTopics();
  const { status, kecamatan, opd, page, setFilter, setPage } = useProposalParams();
  const proposals = useQuery({
    queryKey: ['planning', 'proposals', year.year, { status, kecamatan, opd, page }],
    queryFn: () =>
      api<Page<ProposalSummary>>(
        `/planning/years/${year.year}/proposals${query({ status, kecamatan, opd, page, pageSize: 20 })}`,
      ),
    refetchInterval: 15_000,
  });
  const topicLabel = new Map((topics.data ?? []).map((t) => [t.key, t.label]));
  const decisionDue = year.stages.FORUM_PERANGKAT_DAERAH.end;
  const files =
    caller.kecamatanAreaCode !== null &&
    proposalFilingRefusal(caller, caller.kecamatanAreaCode) === null &&
    year.status === 'OPEN' &&
    Date.parse(decisionDue) > now.getTime();
  const kecamatanOptions = (agencies.data ?? [])
    .filter((a) => a.kind === 'KECAMATAN' && a.areaCode)
    .map((a) => ({ value: a.areaCode ?? '', label: kecamatanShortName(a.name) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const opdOptions = (agencies.data ?? [])
    .filter((a) => a.kind !== 'KECAMATAN' && a.active)
    .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const columns: ListColumn<ProposalSummary>[] = [
    {
      key: 'kecamatan',
      header: text.year.kecamatan,
      cell: (p) => (
        <>
          {kecamatanShortName(p.kecamatan.name)}
          <p className="muted small">#{p.priority}</p>
        </>
      ),
    },
    { key: 'desa', header: text.year.desa, cell: (p) => p.desa.name },
    {
      key: 'proposal',
      header: text.year.proposal,
      cell: (p) => <Link to={`/planning/${year.year}/proposals/${p.id}`}>{p.title}</Link>,
    },
    { key: 'topic', header: text.year.topic, cell: (p) => topicLabel.get(p.topic) ?? p.topic },
    {
      key: 'agencies',
      header: text.year.agencies,
      cell: (p) =>
        p.agencies.length === 0 ? (
          <span className="muted">{text.year.noAgencies}</span>
        ) : (
          <>
            {p.agencies.join(', ')}
            <p className="muted small">{text.year.decisions(p.accepted, p.declined, p.open)}</p>
          </>
        ),
    },
    {
      key: 'status',
      header: text.year.status,
      cell: (p) => (
        <span className="status-line">
          <ProposalStatusBadge status={p.status} />
          <ProposalBadges late={p.late} escalated={p.escalated} />
        </span>
      ),
    },
    {
      key: 'due',
      header: text.year.decisionDue,
      cell: () => <time dateTime={decisionDue}>{formatDay(decisionDue)}</time>,
    },
  ];
  return (
    <>
      <p className="breadcrumb">
        <Link to="/planning">{text.year.back}</Link>
      </p>
      <ListPage
        title={text.year.title(year.year)}
        actions={
          <span className="inline-form">
            {seesAllPlanning(caller) && (
              <Link className="button button-secondary" to={`/planning/${year.year}/overview`}>
                {text.year.overview}
              </Link>
            )}
            {files && (
              <Link className="button" to={`/planning/${year.year}/proposals/new`}>
                {text.year.newProposal}
              </Link>
            )}
          </span>
        }
        intro={text.year.intro}
        filters={
          <>
            <SelectFilter
              id="proposal-kecamatan"
              label={text.year.kecamatan}
              value={kecamatan}
              allLabel={text.year.allKecamatan}
              options={kecamatanOptions}
              onChange={(v) => setFilter('kecamatan', v)}
            />
            <SelectFilter
              id="proposal-opd"
              label={text.year.opd}
              value={opd}
              allLabel={text.year.allOpd}
              options={opdOptions}
              onChange={(v) => setFilter('opd', v)}
            />
            <SelectFilter
              id="proposal-status"
              label={text.year.status}
              value={status}
              allLabel={text.year.allStatuses}
              options={PROPOSAL_STATUSES.map((s) => ({ value: s, label: text.status[s] }))}
              onChange={(v) => setFilter('status', v)}
            />
          </>
        }
        query={proposals}
        empty={text.year.empty}
        caption={text.year.caption}
        columns={columns}
        rowKey={(p) => p.id}
        onPage={setPage}
      />
      <section className="card" aria-labelledby="year-timeline">
        <h2 id="year-timeline">{text.years.timeline}</h2>
        <StageTimeline year={year} />
      </section>
    </>
  );
}
