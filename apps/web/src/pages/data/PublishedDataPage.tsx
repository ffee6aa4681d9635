import { useQuery } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { mayRole } from '@gotong/domain/permissions';
import { areaName } from '@gotong/domain/region';
import { api, authHeader } from '../../api/client';
import type { PublishedFigure } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { DateTime } from '../../components/DateTime';
import { QueryState } from '../../components/QueryState';
import { formatNumber } from '../../format/datetime';
import { currentLang } from '../../i18n';
import { DataTabs } from './DataTabs';

/**
 * Downloads an export with the session's token, so that a data custodian's file carries the names (a plain
 * link carries no token: everyone else gets the same file through the link as the public does).
 */
async function downloadSignedIn(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: authHeader() });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

/** Data satu pintu: the published figures (open data), with CSV, XLSX and JSON downloads of the same. */
export function PublishedDataPage() {
  const { t } = useTranslation();
  const user = useUser();
  const custodian = mayRole(user.role, 'data.personal-names');
  const figures = useQuery({
    queryKey: ['data', 'published'],
    queryFn: () =>
      api<{ items: PublishedFigure[]; total: number; totals?: PublishedTotal[] }>('/data/published'),
  });
  // A custodian's downloads go with the token (names included); a click on the link itself is the open file.
  const signedIn = (filename: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (!custodian) return;
    event.preventDefault();
    void downloadSignedIn(event.currentTarget.getAttribute('href') ?? '', filename);
  };
  return (
    <>
      <h1>{t('data.title')}</h1>
      <DataTabs />
      <p className="muted">{t('data.intro')}</p>
      <p className="muted">{t('data.namesHidden')}</p>
      <p className="actions">
        <a className="button" href="/data/published.csv" download onClick={signedIn('gotong-data.csv')}>
          {t('data.csv')}
        </a>
        <a
          className="button button-secondary"
          href="/data/published.xlsx"
          download
          onClick={signedIn('gotong-data.xlsx')}
        >
          {t('data.xlsx')}
        </a>
        <a className="button button-secondary" href="/data/published" target="_blank" rel="noreferrer">
          {t('data.json')}
        </a>
        <Link className="button button-secondary" to="/data-publik">
          {t('data.publicPage')}
        </Link>
      </p>
      <QueryState query={figures}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('data.empty')}</p>
          ) : (
            <>
              <h2>{t('data.figures')}</h2>
              {data.total > data.items.length && (
                <p className="notice" role="status">
                  {t('data.more', { shown: data.items.length, total: data.total })}
                </p>
              )}
              <FigureTable items={data.items} />
              {data.totals && data.totals.length > 0 && <TotalsTable totals={data.totals} />}
            </>
          )
        }
      </QueryState>
    </>
  );
}

/** A kecamatan or kabupaten total of a count published per area (GET /data/published, `totals`). */
interface PublishedTotal {
  indicator: { code: string; name: string; unit: string | null };
  period: string;
  breakdown: string;
  level: 'KECAMATAN' | 'KABUPATEN';
  areaCode: string;
  areaName: string | null;
  value: number;
  areasCounted: number;
  areasTotal: number;
  complete: boolean;
}

function TotalsTable({ totals }: { totals: PublishedTotal[] }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  return (
    <section aria-labelledby="data-totals-title">
      <h2 id="data-totals-title">{t('data.totals')}</h2>
      <p className="muted">{t('data.totalsIntro')}</p>
      <div className="table-wrap">
        <table className="table" data-testid="published-totals">
          <caption className="visually-hidden">{t('data.totals')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('data.indicator')}</th>
              <th scope="col">{t('data.area')}</th>
              <th scope="col">{t('data.period')}</th>
              <th scope="col">{t('data.breakdown')}</th>
              <th scope="col" className="num">
                {t('data.value')}
              </th>
              <th scope="col">{t('data.coverage')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((total) => (
              <tr
                key={`${total.indicator.code}-${total.areaCode}-${total.period}-${total.breakdown}`}
                data-area={total.areaCode}
              >
                <td>
                  {total.indicator.name} <span className="muted">({total.indicator.code})</span>
                </td>
                <th scope="row">
                  {total.level === 'KECAMATAN' ? `Kecamatan ${total.areaName ?? ''}` : (total.areaName ?? '')}{' '}
                  <span className="area-code muted">({total.areaCode})</span>
                </th>
                <td>{total.period}</td>
                <td>{total.breakdown || t('common.none')}</td>
                <td className="num">
                  {formatNumber(total.value, lang)}
                  {total.indicator.unit ? ` ${total.indicator.unit}` : ''}
                </td>
                <td>
                  {total.complete
                    ? t('data.coverageComplete')
                    : t('data.coverageOf', { counted: total.areasCounted, total: total.areasTotal })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function FigureTable({ items }: { items: PublishedFigure[] }) {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('data.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('data.indicator')}</th>
            <th scope="col">{t('data.area')}</th>
            <th scope="col">{t('data.period')}</th>
            <th scope="col">{t('data.breakdown')}</th>
            <th scope="col" className="num">
              {t('data.value')}
            </th>
            <th scope="col">{t('data.basis')}</th>
            <th scope="col">{t('data.producers')}</th>
            <th scope="col">{t('data.published')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={`${f.indicator.code}-${f.areaCode}-${f.period}-${f.breakdown}`}>
              <td>
                {f.indicator.name} <span className="muted">({f.indicator.code})</span>
              </td>
              <td>
                {areaName(f.areaCode) ?? ''} <span className="area-code muted">({f.areaCode})</span>
              </td>
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
              <td>{[...new Set(f.sources.map((s) => s.agency?.code ?? ''))].filter(Boolean).join(', ')}</td>
              <td>
                <DateTime value={f.publishedAt} dateOnly />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
