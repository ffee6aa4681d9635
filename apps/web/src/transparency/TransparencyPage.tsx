import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { DateTime } from '../components/DateTime';
import { QueryState } from '../components/QueryState';
import { formatDayWib } from '../citizen/format';
import { transparency } from '../citizen/public-api';
import { PublicShell } from '../citizen/PublicShell';
import { useCitizenTexts, type CitizenTexts } from '../citizen/texts';
import type { TransparencyAgency } from '../citizen/types';
import { formatNumber } from '../format/datetime';
import { currentLang } from '../i18n';
import { judgedReports, lastDayOf, percent, tableRows, yearChoices } from './transparency';

/**
 * Transparansi: per OPD, without signing in, the citizen reports it handled and how many had their first
 * response within the 5-working-day SLA, and the joint work it completed and how much of it on time (the
 * scorecard rules), for a year; the period and the rule are said above the table. Reads GET /public/transparency.
 */
export function TransparencyPage() {
  const texts = useCitizenTexts();
  const [year, setYear] = useState(() => yearChoices(new Date())[0]!);
  const figures = useQuery({
    queryKey: ['public', 'transparency', year],
    queryFn: () => transparency(year),
  });
  return (
    <PublicShell wide>
      <h1>{texts.transparency.title}</h1>
      <p className="muted">{texts.transparency.intro}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={texts.transparency.year}>
        <div className="field">
          <label htmlFor="transparency-year">{texts.transparency.year}</label>
          <select id="transparency-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {yearChoices(new Date()).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </form>
      {figures.error instanceof ApiError && figures.error.status === 429 && (
        <p className="notice notice-warning" role="alert">
          {texts.transparency.tooMany(figures.error.retryAfter ?? 60)}
        </p>
      )}
      <QueryState query={figures}>{(data) => <Figures data={data} texts={texts} />}</QueryState>
    </PublicShell>
  );
}

function Figures({
  data,
  texts,
}: {
  data: { generatedAt: string; period: { from: string; to: string }; agencies: TransparencyAgency[] };
  texts: CitizenTexts;
}) {
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const rows = tableRows(data.agencies);
  /** "5 dari 6 (83 %)" when the whole is known, "4 (80 %)" when only the rate is; the count alone without one. */
  const rate = (part: number, whole: number | null, value: number | null) => {
    const p = percent(value);
    if (p === null) return formatNumber(part, lang);
    const shown = `${formatNumber(p, lang)}%`;
    return whole === null
      ? `${formatNumber(part, lang)} (${shown})`
      : texts.transparency.ofWith(part, whole, shown);
  };
  return (
    <>
      <p data-testid="transparency-period">
        <strong>{texts.transparency.period}:</strong> {formatDayWib(data.period.from, lang)} –{' '}
        {formatDayWib(lastDayOf(data.period), lang)}
      </p>
      <p className="help">{texts.transparency.rule}</p>
      {rows.length === 0 ? (
        <p className="empty">{texts.transparency.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="transparency">
            <caption className="visually-hidden">{texts.transparency.title}</caption>
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {texts.transparency.opd}
                </th>
                <th scope="colgroup" colSpan={4}>
                  {texts.transparency.reports}
                </th>
                <th scope="colgroup" colSpan={3}>
                  {texts.transparency.work}
                </th>
              </tr>
              <tr>
                <th scope="col" className="num">
                  {texts.transparency.received}
                </th>
                <th scope="col" className="num">
                  {texts.transparency.onTime}
                </th>
                <th scope="col" className="num">
                  {texts.transparency.open}
                </th>
                <th scope="col" className="num">
                  {texts.transparency.overdue}
                </th>
                <th scope="col" className="num">
                  {texts.transparency.tasks}
                </th>
                <th scope="col" className="num">
                  {texts.transparency.tasksOnTime}
                </th>
                <th scope="col" className="num">
                  {texts.transparency.projects}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.code} data-agency={a.code}>
                  <th scope="row">
                    {a.name} <span className="muted">({a.code})</span>
                  </th>
                  <td className="num">{formatNumber(a.citizenReports.received, lang)}</td>
                  <td className="num">
                    {rate(a.citizenReports.respondedOnTime, judgedReports(a), a.citizenReports.onTimeRate)}
                  </td>
                  <td className="num">{formatNumber(a.citizenReports.open, lang)}</td>
                  <td className="num">{formatNumber(a.citizenReports.overdue, lang)}</td>
                  <td className="num">{formatNumber(a.jointWork.tasksCompleted, lang)}</td>
                  <td className="num">{rate(a.jointWork.tasksOnTime, null, a.jointWork.onTimeRate)}</td>
                  <td className="num">{formatNumber(a.jointWork.projectsCompleted, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        {texts.transparency.hidden} {texts.transparency.generatedAt} <DateTime value={data.generatedAt} />.
      </p>
    </>
  );
}
