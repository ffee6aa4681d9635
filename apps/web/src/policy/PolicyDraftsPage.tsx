import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../components/QueryState';
import { useUser } from '../auth/AuthProvider';
import { currentLang } from '../i18n';
import { formatDayTime, useDrafts } from './policy-api';
import { usePolicyTexts } from './texts';

/** Rancangan kebijakan: the drafts the user may see (own OPD's, those it reviews; all for leadership). */
export function PolicyDraftsPage() {
  const text = usePolicyTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const user = useUser();
  const drafts = useDrafts();
  const drafts_ = user.role === 'LEAD' || user.role === 'AGENCY_HEAD';
  return (
    <>
      <h1>{text.list.title}</h1>
      <p className="muted">{text.list.intro}</p>
      {drafts_ && (
        <p>
          <Link className="button" to="/policy/new">
            {text.list.new}
          </Link>
        </p>
      )}
      <QueryState query={drafts}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="empty">{text.list.empty}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{text.list.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{text.list.titleCol}</th>
                    <th scope="col">{text.list.kindCol}</th>
                    <th scope="col">{text.list.drafting}</th>
                    <th scope="col">{text.list.status}</th>
                    <th scope="col">{text.list.version}</th>
                    <th scope="col">{text.list.created}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.id} data-draft={d.id}>
                      <td>
                        <Link to={`/policy/${d.id}`}>{d.title}</Link>
                      </td>
                      <td>{text.kind[d.kind]}</td>
                      <td>{d.draftingAgency.code}</td>
                      <td>{text.status[d.status]}</td>
                      <td>{d.currentVersion}</td>
                      <td>{formatDayTime(d.createdAt, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </>
  );
}
