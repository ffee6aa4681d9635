import { useTranslation } from 'react-i18next';
import { areaName } from '@gotong/domain/region';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IncidentDashboard } from '../../api/types';
import {
  CHART_FIELDS,
  hasFigures,
  isSitrepField,
  rollUpChart,
  rollUpRows,
  SITREP_FIELD_KEYS,
  type ChartField,
} from '../../emergency/incident-model';
import { formatNumber } from '../../format/datetime';
import { currentLang } from '../../i18n';
import { resolutionOf, timelineText, type WithTimeline } from '../../emergency/timeline';
import { ResolveConflictForm } from './ResolveConflictForm';

const CHART_COLOURS: Record<ChartField, string> = {
  terdampak: '#1f4e99',
  mengungsi: '#b26a00',
  lukaLuka: '#6a3fb5',
  meninggal: '#b3261e',
  hilang: '#4d5866',
};

/** The sitrep figures rolled up desa → kecamatan → kabupaten: chart, table and conflicts between OPDs. */
export function SitrepRollupPanel({
  incident,
  names,
  mayResolve = false,
}: {
  incident: IncidentDashboard & WithTimeline;
  names: Map<string, string>;
  /** The command may set the figure of a conflict (an open incident). */
  mayResolve?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const { rollUp } = incident;
  if (!hasFigures(rollUp)) {
    return (
      <section className="card" aria-labelledby="rollup-title">
        <h2 id="rollup-title">{t('incident.rollUp')}</h2>
        <p className="empty">{t('incident.noFigures')}</p>
      </section>
    );
  }
  const rows = rollUpRows(rollUp);
  const chart = rollUpChart(rollUp, names);
  const number = (value: number | undefined) => (value === undefined ? '–' : formatNumber(value, lang));
  return (
    <section className="card" aria-labelledby="rollup-title">
      <h2 id="rollup-title">{t('incident.rollUp')}</h2>
      <p id="rollup-description" className="help">
        {t('incident.rollUpHelp')}
      </p>
      <div
        className="chart-box"
        role="img"
        aria-labelledby="rollup-title"
        aria-describedby="rollup-description"
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={chart} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="area" />
            <YAxis allowDecimals={false} />
            <Tooltip formatter={(value) => formatNumber(Number(value), lang)} />
            <Legend />
            {CHART_FIELDS.map((field) => (
              <Bar
                key={field}
                dataKey={field}
                name={t(`sitrepField.${field}`)}
                fill={CHART_COLOURS[field]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-wrap">
        <table className="table rollup-table">
          <caption className="muted">{t('incident.rollUpCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('incident.area')}</th>
              {SITREP_FIELD_KEYS.map((field) => (
                <th key={field} scope="col" className="num">
                  {t(`sitrepField.${field}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code} className={row.level === 'kecamatan' ? 'row-kecamatan' : undefined}>
                <th scope="row">
                  {`${areaName(row.code) ?? names.get(row.code) ?? row.code} (${row.code})`}
                </th>
                {SITREP_FIELD_KEYS.map((field) => {
                  const conflict = row.conflicts.includes(field);
                  return (
                    <td
                      key={field}
                      className={conflict ? 'num cell-conflict' : 'num'}
                      data-conflict={conflict ? 'true' : undefined}
                    >
                      {number(row.figures[field])}
                      {conflict && <span className="visually-hidden"> {t('incident.conflictMark')}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr className="row-kecamatan">
              <th scope="row">{t('incident.kabupaten')}</th>
              {SITREP_FIELD_KEYS.map((field) => (
                <td key={field} className="num">
                  {number(rollUp.kabupaten[field])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {(incident.resolutions ?? []).length > 0 && (
        <ul className="small" aria-label={timelineText(i18n.language, 'resolvedBy')}>
          {[...new Set((incident.resolutions ?? []).map((r) => `${r.desaCode}|${r.field}`))].map((cell) => {
            const [desaCode, field] = cell.split('|') as [string, string];
            const r = resolutionOf(incident.resolutions, desaCode, field)!;
            return (
              <li key={cell} data-resolved={cell}>
                {desaCode} · {isSitrepField(field) ? t(`sitrepField.${field}`) : field}:{' '}
                {formatNumber(r.value, lang)} ({timelineText(i18n.language, 'resolvedBy')}
                {r.agencyCode ? `: ${r.agencyCode}` : ''}
                {r.note ? `; ${r.note}` : ''})
              </li>
            );
          })}
        </ul>
      )}
      {rollUp.conflicts.length > 0 && (
        <div className="notice notice-warning" role="note" aria-labelledby="conflicts-title">
          <h3 id="conflicts-title">{t('incident.conflicts', { count: rollUp.conflicts.length })}</h3>
          <p>{t('incident.conflictsHelp')}</p>
          {mayResolve && <p className="small">{timelineText(i18n.language, 'resolveHelp')}</p>}
          <ul>
            {rollUp.conflicts.map((conflict) => (
              <li key={`${conflict.desaCode}-${conflict.field}`}>
                {conflict.desaCode} ·{' '}
                {isSitrepField(conflict.field) ? t(`sitrepField.${conflict.field}`) : conflict.field}:{' '}
                {conflict.reports
                  .map((report) => `${report.agencyCode} ${formatNumber(report.value, lang)}`)
                  .join(' / ')}
                {mayResolve && <ResolveConflictForm incidentId={incident.id} conflict={conflict} />}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
