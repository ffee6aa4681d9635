import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, query } from '../../api/client';
import type { Page, ReviewItem } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useNow } from '../../components/useNow';
import { useClaimsText } from '../../tasks/claims-text';
import { useFilterParams } from '../../components/useFilterParams';

const PAGE_SIZE = 20;

/**
 * Perlu ditinjau: the submissions waiting for the lead's review in the projects they lead (GET /reviews), the
 * review due first. The review itself is on the project's page.
 */
export function ReviewsPage() {
  const text = useClaimsText();
  const [params, setParams] = useFilterParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const reviews = useQuery({
    queryKey: ['reviews', { page }],
    queryFn: () => api<Page<ReviewItem>>(`/reviews${query({ page, pageSize: PAGE_SIZE })}`),
    // Back from a review, the queue is read again at once (the app's default would keep it for 5 s).
    staleTime: 0,
  });
  return (
    <>
      <h1>{text.reviews.title}</h1>
      <p className="muted">{text.reviews.intro}</p>
      <QueryState query={reviews}>
        {(data) => (
          <>
            <ReviewTable items={data.items} />
            <Pager
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onPage={(p) => setParams({ page: String(p) })}
            />
          </>
        )}
      </QueryState>
    </>
  );
}

function ReviewTable({ items }: { items: ReviewItem[] }) {
  const text = useClaimsText();
  const now = useNow();
  if (items.length === 0) return <p className="empty">{text.reviews.empty}</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{text.reviews.title}</caption>
        <thead>
          <tr>
            <th scope="col">{text.reviews.task}</th>
            <th scope="col">{text.reviews.agency}</th>
            <th scope="col">{text.reviews.version}</th>
            <th scope="col">{text.reviews.submittedAt}</th>
            <th scope="col">{text.reviews.reviewDue}</th>
            <th scope="col">{text.reviews.project}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const late = item.reviewDueAt !== null && Date.parse(item.reviewDueAt) < now.getTime();
            return (
              <tr key={item.id} data-task={item.id} className={late ? 'row-overdue' : undefined}>
                <td>
                  <Link to={`/tasks/${item.id}`}>{item.title}</Link>
                </td>
                <td>
                  {item.agency.name} ({item.agency.code})
                </td>
                <td>{item.version ?? '—'}</td>
                <td>{item.submittedAt ? <DateTime value={item.submittedAt} /> : '—'}</td>
                <td className={late ? 'text-overdue' : undefined}>
                  {item.reviewDueAt ? (
                    <DateTime value={item.reviewDueAt} />
                  ) : (
                    <span className="muted">{text.reviews.noDue}</span>
                  )}
                </td>
                <td>
                  <Link to={`/projects/${item.project.id}`}>{item.project.title}</Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
