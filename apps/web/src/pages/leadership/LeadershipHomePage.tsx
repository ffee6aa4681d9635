import { useQuery } from '@tanstack/react-query';
import type { LeadershipOverview } from '@gotong/domain/scorecard';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { DateTime } from '../../components/DateTime';
import { QueryState } from '../../components/QueryState';
import { useLeadershipTexts } from '../../leadership/texts';
import { PlanningOverviewLink } from '../../planning/PlanningOverviewPage';

type OverdueTask = LeadershipOverview['overdue'][number];
type LateReview = LeadershipOverview['lateReviews'][number];

/**
 * Beranda pimpinan: who is late, on what, since when, and what was said last (GET /leadership/overview).
 * The Bupati, Wakil Bupati and Sekda land here; leadership sees the regency, others their own OPD.
 */
export function LeadershipHomePage() {
  const text = useLeadershipTexts();
  const overview = useQuery({
    queryKey: ['leadership', 'overview'],
    queryFn: () => api<LeadershipOverview>('/leadership/overview'),
    refetchInterval: 30_000,
  });
  return (
    <>
      <h1>{text.home.title}</h1>
      <p className="muted">
        {text.home.intro} {text.home.autoRefresh}{' '}
        <Link to="/leadership/scorecards">{text.home.scorecards}</Link>
      </p>
      <PlanningOverviewLink />
      <QueryState query={overview}>
        {(data) => (
          <>
            <PerOpd rows={data.perOpd} />
            <section aria-labelledby="overdue-title">
              <h2 id="overdue-title">{text.home.overdueTitle}</h2>
              {data.overdue.length === 0 ? (
                <p className="empty">{text.home.noOverdue}</p>
              ) : (
                <ul className="escalations" aria-labelledby="overdue-title">
                  {data.overdue.map((task) => (
                    <OverdueCard key={task.taskId} task={task} />
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="reviews-title">
              <h2 id="reviews-title">{text.home.reviewsTitle}</h2>
              {data.lateReviews.length === 0 ? (
                <p className="empty">{text.home.noLateReviews}</p>
              ) : (
                <ul className="escalations" aria-labelledby="reviews-title">
                  {data.lateReviews.map((review) => (
                    <LateReviewCard key={review.escalationId} review={review} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}

function PerOpd({ rows }: { rows: LeadershipOverview['perOpd'] }) {
  const text = useLeadershipTexts();
  return (
    <section className="card" aria-labelledby="per-opd-title">
      <h2 id="per-opd-title">{text.home.perOpd}</h2>
      {rows.length === 0 ? (
        <p className="empty">{text.home.allClear}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{text.home.opd}</th>
                <th scope="col" className="num">
                  {text.home.openOverdue}
                </th>
                <th scope="col" className="num">
                  {text.home.lateReviews}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.agencyCode} className={row.openOverdue > 0 ? 'row-overdue' : undefined}>
                  <th scope="row">
                    {row.agencyName} <span className="muted">({row.agencyCode})</span>
                  </th>
                  <td className="num">{row.openOverdue}</td>
                  <td className="num">{row.lateReviews}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OverdueCard({ task }: { task: OverdueTask }) {
  const text = useLeadershipTexts();
  const titleId = `overdue-${task.taskId}`;
  const level = Math.min(task.escalationLevel, 3);
  return (
    <li className={`card escalation level-${level}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="escalation-title">
        <Link to={`/tasks/${task.taskId}`}>{task.title}</Link>
      </h3>
      <dl className="details">
        <div>
          <dt>{text.home.opd}</dt>
          <dd>
            {task.agencyName} ({task.agencyCode})
          </dd>
        </div>
        <div>
          <dt>{text.home.project}</dt>
          <dd>
            <Link to={`/projects/${task.projectId}`}>{task.projectTitle}</Link>
          </dd>
        </div>
        <div>
          <dt>{text.home.overdueSince}</dt>
          <dd className="text-overdue">
            <DateTime value={task.overdueSince} />
          </dd>
        </div>
        <div>
          <dt>{text.home.escalation}</dt>
          <dd>
            {task.escalationLevel > 0 ? (
              <span className={`badge badge-level-${level}`}>{text.home.level(task.escalationLevel)}</span>
            ) : (
              text.home.noEscalation
            )}
          </dd>
        </div>
        <div>
          <dt>{text.home.holder}</dt>
          <dd>{task.holder?.fullName ?? text.home.unheld}</dd>
        </div>
      </dl>
      <p className="muted">{text.home.lastWord}</p>
      {task.lastWord ? (
        <blockquote className="instruction">
          <strong>{text.word[task.lastWord.kind]}</strong>
          {task.lastWord.by ? ` · ${task.lastWord.by}` : ''} · <DateTime value={task.lastWord.at} />
          <br />
          {task.lastWord.text}
        </blockquote>
      ) : (
        <p className="muted">{text.home.nothingSaid}</p>
      )}
    </li>
  );
}

function LateReviewCard({ review }: { review: LateReview }) {
  const text = useLeadershipTexts();
  const titleId = `review-${review.escalationId}`;
  const level = Math.min(review.level, 3);
  return (
    <li className={`card escalation level-${level}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="escalation-title">
        <Link to={`/tasks/${review.taskId}`}>{review.title}</Link>
      </h3>
      <dl className="details">
        <div>
          <dt>{text.home.lead}</dt>
          <dd>
            {review.lead.fullName} · {review.leadAgencyName} ({review.leadAgencyCode})
          </dd>
        </div>
        <div>
          <dt>{text.home.opd}</dt>
          <dd>
            {review.opdName} ({review.opdCode})
          </dd>
        </div>
        <div>
          <dt>{text.home.project}</dt>
          <dd>
            <Link to={`/projects/${review.projectId}`}>{review.projectTitle}</Link>
          </dd>
        </div>
        <div>
          <dt>{text.home.waitingSince}</dt>
          <dd className="text-overdue">
            <DateTime value={review.waitingSince} />
          </dd>
        </div>
        {review.reviewDueAt && (
          <div>
            <dt>{text.home.reviewDue}</dt>
            <dd>
              <DateTime value={review.reviewDueAt} />
            </dd>
          </div>
        )}
        <div>
          <dt>{text.home.escalation}</dt>
          <dd>
            <span className={`badge badge-level-${level}`}>{text.home.level(review.level)}</span>
          </dd>
        </div>
      </dl>
    </li>
  );
}
