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
}: {
  incident: IncidentDashboard;
  names: Map<string, string>;
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
      {rollUp.conflicts.length > 0 && (
        <div className="notice notice-warning" role="note" aria-labelledby="conflicts-title">
          <h3 id="conflicts-title">{t('incident.conflicts', { count: rollUp.conflicts.length })}</h3>
          <p>{t('incident.conflictsHelp')}</p>
          <ul>
            {rollUp.conflicts.map((conflict) => (
              <li key={`${conflict.desaCode}-${conflict.field}`}>
                {conflict.desaCode} ·{' '}
                {isSitrepField(conflict.field) ? t(`sitrepField.${conflict.field}`) : conflict.field}:{' '}
                {conflict.reports
                  .map((report) => `${report.agencyCode} ${formatNumber(report.value, lang)}`)
                  .join(' / ')}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
