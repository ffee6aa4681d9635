import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CITIZEN_CATEGORIES } from '@gotong/domain/citizen/categories';
import { CITIZEN_REPORT_STATUSES, type CitizenReportStatus } from '@gotong/domain/citizen/rules';
import { api, query } from '../api/client';
import { DateTime } from '../components/DateTime';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { currentLang } from '../i18n';
import { formatDayWib } from './format';
import { useCitizenTexts } from './texts';
import type { DeskReportPage } from './types';
import './citizen.css';
import { useFilterParams } from '../components/useFilterParams';

const PAGE_SIZE = 20;

/**
 * Aduan warga: the reports the signed-in user's OPD handles (the regency desk and ADMIN see all, leadership
 * reads all), filtered by status and category (kept in the URL); a first response past its 5 working days is
 * marked red.
 */
export function DeskListPage() {
  const texts = useCitizenTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const [params, setParams] = useFilterParams();
  const statusParam = params.get('status') ?? '';
  const status = (CITIZEN_REPORT_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as CitizenReportStatus)
    : '';
  const categoryParam = params.get('category') ?? '';
  const category = CITIZEN_CATEGORIES.some((c) => c.code === categoryParam) ? categoryParam : '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const reports = useQuery({
    queryKey: ['citizen-reports', { status, category, page }],
    queryFn: () =>
      api<DeskReportPage>(`/citizen-reports${query({ status, category, page, pageSize: PAGE_SIZE })}`),
  });
  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const categoryLabel = (code: string) =>
    CITIZEN_CATEGORIES.find((c) => c.code === code)?.label[lang] ?? code;

  return (
    <>
      <h1>{texts.desk.title}</h1>
      <p className="muted">{texts.desk.intro}</p>
      <form className="filters" aria-label={texts.desk.filters} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="aduan-status">{texts.desk.status}</label>
          <select id="aduan-status" value={status} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{texts.desk.allStatuses}</option>
            {CITIZEN_REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {texts.status[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="aduan-category">{texts.desk.category}</label>
          <select id="aduan-category" value={category} onChange={(e) => update({ category: e.target.value })}>
            <option value="">{texts.desk.allCategories}</option>
            {CITIZEN_CATEGORIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label[lang]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <QueryState query={reports}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{texts.desk.empty}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" data-testid="citizen-reports">
                  <caption className="visually-hidden">{texts.desk.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{texts.desk.number}</th>
                      <th scope="col">{texts.desk.category}</th>
                      <th scope="col">{texts.desk.desa}</th>
                      <th scope="col">{texts.desk.agency}</th>
                      <th scope="col">{texts.desk.received}</th>
                      <th scope="col">{texts.desk.firstResponse}</th>
                      <th scope="col">{texts.desk.status}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((row) => (
                      <tr
                        key={row.id}
                        className={row.overdue ? 'row-overdue' : undefined}
                        data-tracking={row.trackingNumber}
                      >
                        <th scope="row">
                          <Link to={`/citizen-reports/${row.id}`}>{row.trackingNumber}</Link>
                        </th>
                        <td>{categoryLabel(row.category)}</td>
                        <td>{row.desaName}</td>
                        <td>{row.handlingAgency.code}</td>
                        <td>
                          <DateTime value={row.receivedAt} />
                        </td>
                        <td>
                          {row.firstRespondedAt ? (
                            <>
                              {texts.desk.respondedAt} {formatDayWib(row.firstRespondedAt, lang)}
                            </>
                          ) : (
                            <>
                              {texts.desk.dueAt} {formatDayWib(row.firstResponseDueAt, lang)}
                              {row.overdue && (
                                <span className="badge badge-overdue"> {texts.desk.overdue}</span>
                              )}
                            </>
                          )}
                        </td>
                        <td>
                          <span
                            className={`badge badge-citizen-${row.status.toLowerCase()}`}
                            data-status={row.status}
                          >
                            {texts.status[row.status]}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPage={(p) => update({ page: String(p) })}
              />
            </>
          )
        }
      </QueryState>
    </>
  );
}
