import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { seesAllPlanning } from '@gotong/domain/planning/access';
import { api } from '../api/client';
import { DateTime } from '../components/DateTime';
import { QueryState } from '../components/QueryState';
import { currentLang } from '../i18n';
import {
  formatDay,
  formatRupiah,
  kecamatanNeedsAttention,
  kecamatanShortName,
  opdNeedsAttention,
  sortKecamatanRows,
  sortOpdRows,
  type PlanningOverview,
  type ProposalFigures,
} from './planning-model';
import { usePlanningCaller, useYears, yearParam } from './planning-api';
import { usePlanningTexts, type PlanningTexts } from './texts';

const FIGURES: readonly (keyof ProposalFigures)[] = [
  'proposals',
  'unowned',
  'submitted',
  'routed',
  'accepted',
  'partlyAccepted',
  'declined',
  'late',
  'escalated',
];

/**
 * /planning/:year/overview — for leadership and BAPPEDA: per kecamatan the proposals and what became of them,
 * per OPD its decisions; the rows with escalated, late or unowned work first.
 */
export function PlanningOverviewPage() {
  const { year: param } = useParams();
  const year = yearParam(param) ?? Number.NaN;
  const text = usePlanningTexts();
  const caller = usePlanningCaller();
  const allowed = seesAllPlanning(caller);
  const overview = useQuery({
    queryKey: ['planning', 'overview', year],
    queryFn: () => api<PlanningOverview>(`/planning/years/${year}/overview`),
    enabled: allowed,
    refetchInterval: 30_000,
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/planning/${param ?? ''}`}>{text.detail.back(year)}</Link>
      </p>
      <h1>{text.overview.title(year)}</h1>
      <p className="muted">{text.overview.intro}</p>
      {!allowed ? (
        <p className="notice notice-warning">{text.overview.notAllowed}</p>
      ) : (
        <QueryState query={overview}>{(data) => <OverviewTables data={data} />}</QueryState>
      )}
    </>
  );
}

function OverviewTables({ data }: { data: PlanningOverview }) {
  const text = usePlanningTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  return (
    <>
      <dl className="details">
        <div>
          <dt>{text.overview.asOf}</dt>
          <dd>
            <DateTime value={data.asOf} />
          </dd>
        </div>
        <div>
          <dt>{text.overview.decisionDue}</dt>
          <dd>
            <time dateTime={data.decisionDueAt}>{formatDay(data.decisionDueAt)}</time>
          </dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="overview-kecamatan">
        <h2 id="overview-kecamatan">{text.overview.perKecamatan}</h2>
        {data.perKecamatan.length === 0 ? (
          <p className="empty">{text.overview.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{text.overview.kecamatan}</th>
                  {FIGURES.map((f) => (
                    <th key={f} scope="col" className="num">
                      {figureLabel(text, f)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sortKecamatanRows(data.perKecamatan).map((row) => (
                  <tr
                    key={row.kecamatan.code}
                    className={kecamatanNeedsAttention(row) ? 'row-overdue' : undefined}
                    data-kecamatan={row.kecamatan.areaCode}
                  >
                    <th scope="row">
                      <Link to={`/planning/${data.year}?kecamatan=${row.kecamatan.areaCode}`}>
                        {kecamatanShortName(row.kecamatan.name)}
                      </Link>
                    </th>
                    {FIGURES.map((f) => (
                      <td key={f} className="num" data-figure={f}>
                        {row[f]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-kecamatan="total">
                  <th scope="row">{text.overview.totals}</th>
                  {FIGURES.map((f) => (
                    <td key={f} className="num" data-figure={f}>
                      <strong>{data.totals[f]}</strong>
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="overview-opd">
        <h2 id="overview-opd">{text.overview.perOpd}</h2>
        {data.perOpd.length === 0 ? (
          <p className="empty">{text.overview.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{text.overview.opd}</th>
                  <th scope="col" className="num">
                    {text.overview.decisions}
                  </th>
                  <th scope="col" className="num">
                    {text.overview.accepted}
                  </th>
                  <th scope="col" className="num">
                    {text.overview.declined}
                  </th>
                  <th scope="col" className="num">
                    {text.overview.open}
                  </th>
                  <th scope="col" className="num">
                    {text.overview.late}
                  </th>
                  <th scope="col" className="num">
                    {text.overview.escalated}
                  </th>
                  <th scope="col" className="num">
                    {text.overview.pagu}
                  </th>
                </tr>
              </thead>
              <tbody>
                {sortOpdRows(data.perOpd).map((row) => (
                  <tr
                    key={row.agency.code}
                    className={opdNeedsAttention(row) ? 'row-overdue' : undefined}
                    data-agency={row.agency.code}
                  >
                    <th scope="row">
                      <Link to={`/planning/${data.year}?opd=${row.agency.code}`}>
                        {row.agency.name} ({row.agency.code})
                      </Link>
                    </th>
                    <td className="num" data-figure="decisions">
                      {row.decisions}
                    </td>
                    <td className="num" data-figure="accepted">
                      {row.accepted}
                    </td>
                    <td className="num" data-figure="declined">
                      {row.declined}
                    </td>
                    <td className="num" data-figure="open">
                      {row.open}
                    </td>
                    <td className="num" data-figure="late">
                      {row.late}
                    </td>
                    <td className="num" data-figure="escalated">
                      {row.escalated}
                    </td>
                    <td className="num" data-figure="pagu">
                      {formatRupiah(row.paguAccepted, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function figureLabel(text: PlanningTexts, figure: keyof ProposalFigures): string {
  return text.overview[figure];
}

/**
 * The leadership home's way here: a link to the newest year's overview, for those who may read it (leadership,
 * BAPPEDA, the admin); nothing while there is no year.
 */
export function PlanningOverviewLink() {
  const text = usePlanningTexts();
  const caller = usePlanningCaller();
  const allowed = seesAllPlanning(caller);
  const years = useYears();
  const newest = allowed ? years.data?.[0] : undefined;
  if (!newest) return null;
  return (
    <p>
      <Link to={`/planning/${newest.year}/overview`}>{text.overview.link}</Link> — {text.overview.linkHelp}
    </p>
  );
}
