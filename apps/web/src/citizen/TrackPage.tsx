import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { normalizeTrackingNumber } from '@gotong/domain/citizen/tracking-number';
import { ApiError } from '../api/client';
import { DateTime } from '../components/DateTime';
import { FieldMessage } from '../components/FieldMessage';
import { ErrorNotice } from '../components/QueryState';
import { useNow } from '../components/useNow';
import { currentLang } from '../i18n';
import { formatDayWib } from './format';
import { publicReport } from './public-api';
import { PublicShell } from './PublicShell';
import { useCitizenTexts, type CitizenTexts } from './texts';
import { answersNewestFirst, progressPercent, trackingStages, type Stage } from './tracking';
import type { PublicReport } from './types';

/**
 * Lacak laporan: a citizen opens a report by its tracking number (typed, or /lapor/lacak/<number> from the
 * filing page): status, the stages with the first response's due date, the project's progress if the report
 * became one, and the public answers. Never the reporter's name or contact (the API does not give them).
 */
export function TrackPage() {
  const texts = useCitizenTexts();
  const { trackingNumber = '' } = useParams();
  const canonical = normalizeTrackingNumber(trackingNumber);
  return (
    <PublicShell>
      <h1>{texts.track.title}</h1>
      <TrackForm key={trackingNumber} initial={canonical ?? trackingNumber} />
      {trackingNumber !== '' &&
        (canonical ? (
          <TrackedReport trackingNumber={canonical} />
        ) : (
          <p className="notice notice-error" role="alert">
            {texts.track.notANumber}
          </p>
        ))}
    </PublicShell>
  );
}

function TrackForm({ initial }: { initial: string }) {
  const texts = useCitizenTexts();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const canonical = normalizeTrackingNumber(typed);
    if (!canonical) {
      setProblem(typed.trim() === '' ? texts.problems.required : texts.track.notANumber);
      return;
    }
    setProblem(null);
    void navigate(`/lapor/lacak/${canonical}`);
  };
  return (
    <form className="card citizen-form" noValidate onSubmit={onSubmit} role="search">
      <p className="muted">{texts.track.intro}</p>
      <div className={problem ? 'field field-invalid' : 'field'}>
        <label htmlFor="lacak-number">{texts.track.number}</label>
        <p id="lacak-help" className="help">
          {texts.track.numberHelp}
        </p>
        <input
          id="lacak-number"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'lacak-help lacak-error' : 'lacak-help'}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <FieldMessage id="lacak-error" messages={problem ?? undefined} />
      </div>
      <button type="submit">{texts.track.search}</button>
    </form>
  );
}

function TrackedReport({ trackingNumber }: { trackingNumber: string }) {
  const texts = useCitizenTexts();
  const report = useQuery({
    queryKey: ['public', 'report', trackingNumber],
    queryFn: () => publicReport(trackingNumber),
    // A citizen keeps the page open while the OPDs work: once a minute is gentle on the public limit.
    refetchInterval: 60_000,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
  if (report.isPending) {
    return (
      <p className="muted" role="status">
        …
      </p>
    );
  }
  if (report.isError) {
    if (report.error instanceof ApiError && report.error.status === 404) {
      return (
        <p className="notice notice-error" role="alert">
          {texts.track.notFound}
        </p>
      );
    }
    return <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />;
  }
  return <ReportView report={report.data} texts={texts} />;
}

/** A report as the public sees it; the desk page shows the same view beside the reporter's data. */
export function ReportView({
  report,
  texts,
  headingLevel = 2,
}: {
  report: PublicReport;
  texts: CitizenTexts;
  headingLevel?: 2 | 3;
}) {
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const now = useNow();
  const stages = trackingStages(report, now);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="card" aria-labelledby="report-heading" data-status={report.status}>
      <Heading id="report-heading">
        {texts.track.heading(report.trackingNumber)}{' '}
        <span className={`badge badge-citizen-${report.status.toLowerCase()}`} data-testid="report-status">
          {texts.status[report.status]}
        </span>
      </Heading>
      <dl className="details">
        <div>
          <dt>{texts.track.category}</dt>
          <dd>{report.categoryLabel[lang]}</dd>
        </div>
        <div>
          <dt>{texts.track.location}</dt>
          <dd>{texts.track.locationText(report.desaName, report.kecamatanName)}</dd>
        </div>
        <div>
          <dt>{texts.track.handledBy}</dt>
          <dd>{report.handlingAgency.name}</dd>
        </div>
        <div>
          <dt>{texts.track.received}</dt>
          <dd>
            <DateTime value={report.receivedAt} />
          </dd>
        </div>
      </dl>
      <p className="muted small">{texts.track.description}</p>
      <p className="pre-wrap">{report.description}</p>
      <Heading>{texts.track.progress}</Heading>
      <ol className="stages" data-testid="report-stages">
        {stages.map((stage) => (
          <StageItem key={stage.key} stage={stage} texts={texts} lang={lang} report={report} />
        ))}
      </ol>
      {report.project && report.project.tasksTotal === 0 && (
        <>
          <Heading>{texts.track.projectTitle}</Heading>
          <p className="muted">{texts.track.projectStarting}</p>
        </>
      )}
      {report.project && report.project.tasksTotal > 0 && (
        <>
          <Heading>{texts.track.projectTitle}</Heading>
          <p id="project-progress-text" data-testid="project-progress">
            {texts.track.projectProgress(report.project.tasksDone, report.project.tasksTotal)}
          </p>
          <progress
            className="project-progress"
            max={100}
            value={progressPercent(report.project)}
            aria-label={texts.track.projectLabel}
            aria-describedby="project-progress-text"
          />
        </>
      )}
      <Heading>{texts.track.answers}</Heading>
      {report.rejection && (
        <p className="notice notice-warning" data-testid="rejection">
          {texts.rejection[report.rejection.reason]}
        </p>
      )}
      {report.answers.length === 0 ? (
        !report.rejection && <p className="muted">{texts.track.noAnswers}</p>
      ) : (
        <ul className="answers" data-testid="answers">
          {answersNewestFirst(report.answers).map((answer) => (
            <li key={`${answer.at}-${answer.text}`} className={answer.final ? 'answer-final' : undefined}>
              <p className="pre-wrap">{answer.text}</p>
              <p className="muted small">
                {answer.final && <strong>{texts.track.finalAnswer} · </strong>}
                {answer.agencyName} · <DateTime value={answer.at} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{texts.track.autoRefresh}</p>
    </section>
  );
}

function StageItem({
  stage,
  texts,
  lang,
  report,
}: {
  stage: Stage;
  texts: CitizenTexts;
  lang: 'id' | 'en';
  report: PublicReport;
}) {
  let when: string | null = null;
  if (stage.at && (stage.state === 'current' || stage.state === 'overdue')) {
    when = `${texts.track.dueBy} ${formatDayWib(stage.at, lang)}${stage.state === 'overdue' ? ` — ${texts.track.late}` : ''}`;
  } else if (stage.at) {
    when = formatDayWib(stage.at, lang);
  } else if (stage.state === 'waiting') {
    when = texts.track.waiting;
  }
  const label =
    stage.key === 'done' && (stage.state === 'done' || stage.state === 'rejected')
      ? texts.status[report.status]
      : texts.stages[stage.key];
  return (
    <li className={`stage stage-${stage.state}`} data-stage={stage.key} data-state={stage.state}>
      <p>
        <strong>{label}</strong>
      </p>
      {when && <p className="muted small">{when}</p>}
    </li>
  );
}
