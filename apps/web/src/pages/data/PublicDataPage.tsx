import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { KECAMATAN_AREAS, villagesOf } from '@gotong/domain/region';
import { ApiError, query } from '../../api/client';
import type { PublicFigurePage, PublicIndicator } from '../../api/types';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { QueryState } from '../../components/QueryState';
import { formatNumber } from '../../format/datetime';
import { currentLang } from '../../i18n';
import { useCitizenTexts } from '../../citizen/texts';

/** The open data API without the session's token (it needs none, and counts every request per address). */
async function openApi<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      parsed,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return parsed as T;
}

/** The limit on the open endpoints, said in words (a 429 carries Retry-After in seconds). */
function TooMany({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  return (
    <p className="notice notice-warning" role="alert">
      {t('publicData.tooMany', { seconds: error.retryAfter ?? 60 })}
    </p>
  );
}

const PAGE_SIZE = 50;
const SERIES_COLOURS = ['#1d5fa8', '#b26a00', '#1b7f4b', '#7a3fa0', '#b3261e'];

interface Filter {
  indicator: string;
  period: string;
  kecamatan: string;
  desa: string;
}

/**
 * Data publik: the regency's published figures without signing in, by indicator, period and kecamatan/desa,
 * with a chart, provenance by OPD and role (never a person's name), downloads and pages that say when there is
 * more. Reads the open data API (/public/data/*).
 */
export function PublicDataPage() {
  const { t } = useTranslation();
  const citizen = useCitizenTexts();
  const indicators = useQuery({
    queryKey: ['public', 'indicators'],
    queryFn: () => openApi<PublicIndicator[]>('/public/data/indicators'),
  });
  return (
    <>
      <header className="site-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('publicData.tagline')}</span>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          <Link to="/transparansi">{citizen.shell.transparency}</Link>
          <Link to="/lapor">{citizen.shell.report}</Link>
          <Link className="button button-secondary" to="/login">
            {t('publicData.signIn')}
          </Link>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{t('publicData.title')}</h1>
        <p className="muted">{t('publicData.intro')}</p>
        <TooMany error={indicators.error} />
        <QueryState query={indicators}>
          {(list) =>
            list.length === 0 ? (
              <p className="empty">{t('publicData.empty')}</p>
            ) : (
              <PublicFigures indicators={list} />
            )
          }
        </QueryState>
      </main>
    </>
  );
}

function PublicFigures({ indicators }: { indicators: PublicIndicator[] }) {
  const { t } = useTranslation();
  const first = indicators[0]!;
  const [filter, setFilter] = useState<Filter>({
    indicator: first.code,
    period: first.periods[0]?.period ?? '',
    kecamatan: '',
    desa: '',
  });
  const [page, setPage] = useState(1);
  const indicator = indicators.find((i) => i.code === filter.indicator) ?? first;
  const params = {
    indicator: filter.indicator,
    period: filter.period,
    kecamatan: filter.desa ? '' : filter.kecamatan,
    desa: filter.desa,
  };
  const figures = useQuery({
    queryKey: ['public', 'figures', params, page],
    queryFn: () =>
      openApi<PublicFigurePage>(`/public/data/figures${query({ ...params, page, pageSize: PAGE_SIZE })}`),
  });
  const change = (next: Partial<Filter>) => {
    setFilter((old) => ({ ...old, ...next }));
    setPage(1);
  };
  const downloads = query(params);
  return (
    <>
      <form
        className="filters"
        onSubmit={(event) => event.preventDefault()}
        aria-label={t('publicData.filters')}
      >
        <div className="field">
          <label htmlFor="public-indicator">{t('data.indicator')}</label>
          <select
            id="public-indicator"
            value={filter.indicator}
            onChange={(event) => {
              const chosen = indicators.find((i) => i.code === event.target.value);
              change({ indicator: event.target.value, period: chosen?.periods[0]?.period ?? '' });
            }}
          >
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name} ({i.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="public-period">{t('data.period')}</label>
          <select
            id="public-period"
            value={filter.period}
            onChange={(event) => change({ period: event.target.value })}
          >
            {indicator.periods.map((p) => (
              <option key={p.period} value={p.period}>
                {p.period}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="public-kecamatan">{t('publicData.kecamatan')}</label>
          <select
            id="public-kecamatan"
            value={filter.kecamatan}
            onChange={(event) => change({ kecamatan: event.target.value, desa: '' })}
          >
            <option value="">{t('publicData.allKecamatan')}</option>
            {KECAMATAN_AREAS.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </div>
        {filter.kecamatan && (
          <div className="field">
            <label htmlFor="public-desa">{t('publicData.desa')}</label>
            <select
              id="public-desa"
              value={filter.desa}
              onChange={(event) => change({ desa: event.target.value })}
            >
              <option value="">{t('publicData.allDesa')}</option>
              {villagesOf(filter.kecamatan).map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      {indicator.definition && (
        <p className="help">
          <strong>{indicator.name}</strong>
          {indicator.unit ? ` (${indicator.unit})` : ''}: {indicator.definition}
          {indicator.metadata?.source
            ? ` ${t('publicData.source', { source: indicator.metadata.source })}`
            : ''}
        </p>
      )}
      <p className="actions">
        <a className="button" href={`/public/data/figures.csv${downloads}`} download>
          {t('data.csv')}
        </a>
        <a className="button button-secondary" href={`/public/data/figures.xlsx${downloads}`} download>
          {t('publicData.xlsx')}
        </a>
        <a
          className="button button-secondary"
          href={`/public/data/figures${query({ ...params, page, pageSize: PAGE_SIZE })}`}
          target="_blank"
          rel="noreferrer"
        >
          {t('data.json')}
        </a>
      </p>
      <TooMany error={figures.error} />
      <QueryState query={figures}>
        {(data) =>
          data.total === 0 ? (
            <p className="empty">{t('publicData.none')}</p>
          ) : (
            <>
              <FigureChart data={data} filter={filter} unit={indicator.unit} />
              <FigureTable data={data} />
              <nav className="pager" aria-label={t('publicData.pages')}>
                <button
                  type="button"
                  className="button-secondary"
                  disabled={page <= 1}
                  onClick={() => setPage(page - 1)}
                >
                  {t('common.previous')}
                </button>
                <span role="status">
                  {t('publicData.showing', {
                    from: (data.page - 1) * data.pageSize + 1,
                    to: (data.page - 1) * data.pageSize + data.items.length,
                    total: data.total,
                  })}
                </span>
                <button
                  type="button"
                  className="button-secondary"
                  disabled={data.nextPage === null}
                  onClick={() => data.nextPage !== null && setPage(data.nextPage)}
                >
                  {t('common.next')}
                </button>
              </nav>
            </>
          )
        }
      </QueryState>
    </>
  );
}

/** Kecamatan totals across the regency, or the desa of the chosen kecamatan (this page's figures). */
function FigureChart({
  data,
  filter,
  unit,
}: {
  data: PublicFigurePage;
  filter: Filter;
  unit: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const byKecamatan = !filter.kecamatan;
  const rows = new Map<string, Record<string, string | number>>();
  const series = new Set<string>();
  if (byKecamatan) {
    for (const total of data.totals.filter((x) => x.level === 'KECAMATAN')) {
      const name = total.areaName ?? total.areaCode;
      const key = total.breakdown || t('publicData.value');
      series.add(key);
      rows.set(name, { ...(rows.get(name) ?? { area: name }), [key]: total.value });
    }
  } else {
    for (const figure of data.items) {
      const name = figure.areaName ?? figure.areaCode;
      const key = figure.breakdown || t('publicData.value');
      series.add(key);
      rows.set(name, { ...(rows.get(name) ?? { area: name }), [key]: figure.value });
    }
  }
  const title = byKecamatan ? t('publicData.chartKecamatan') : t('publicData.chartDesa');
  if (rows.size === 0) return <p className="muted">{t('publicData.noChart')}</p>;
  const bars = [...rows.values()];
  return (
    <section className="card" aria-labelledby="public-chart-title">
      <h2 id="public-chart-title">{title}</h2>
      <div
        role="img"
        aria-label={title}
        style={{ width: '100%', height: Math.max(220, bars.length * 26 + 60) }}
      >
        <ResponsiveContainer>
          <BarChart data={bars} layout="vertical" margin={{ left: 24, right: 24 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" tickFormatter={(v: number) => formatNumber(v, lang)} />
            <YAxis type="category" dataKey="area" width={140} />
            <Tooltip formatter={(v) => `${formatNumber(Number(v), lang)}${unit ? ` ${unit}` : ''}`} />
            {series.size > 1 && <Legend />}
            {[...series].map((key, i) => (
              <Bar
                key={key}
                dataKey={key}
                fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

function FigureTable({ data }: { data: PublicFigurePage }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const role = (r: string | null | undefined) => (r ? t(`roles.${r}`, { defaultValue: r }) : '');
  return (
    <div className="table-wrap">
      <table className="table" data-testid="public-figures">
        <caption className="visually-hidden">{t('publicData.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('publicData.area')}</th>
            <th scope="col">{t('publicData.kecamatan')}</th>
            <th scope="col">{t('data.period')}</th>
            <th scope="col">{t('data.breakdown')}</th>
            <th scope="col" className="num">
              {t('data.value')}
            </th>
            <th scope="col">{t('data.basis')}</th>
            <th scope="col">{t('publicData.provenance')}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((f) => (
            <tr key={`${f.indicator.code}-${f.areaCode}-${f.period}-${f.breakdown}`} data-area={f.areaCode}>
              <th scope="row">
                {f.areaName ?? ''} <span className="area-code muted">({f.areaCode})</span>
              </th>
              <td>{f.kecamatan?.name ?? ''}</td>
              <td>{f.period}</td>
              <td>{f.breakdown || t('common.none')}</td>
              <td className="num">
                {formatNumber(f.value, lang)}
                {f.indicator.unit ? ` ${f.indicator.unit}` : ''}
              </td>
              <td>
                {t(`data.basis${f.basis}`)}
                {f.disputed && <span className="badge badge-overdue"> {t('data.disputed')}</span>}
              </td>
              <td>
                {f.sources
                  .map((s) =>
                    t('publicData.source1', {
                      agency: s.agency?.code ?? '',
                      role: role(s.submittedBy?.role),
                      verifier: [role(s.verifiedBy?.role), s.verifiedBy?.agency ?? '']
                        .filter(Boolean)
                        .join(' '),
                    }),
                  )
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
