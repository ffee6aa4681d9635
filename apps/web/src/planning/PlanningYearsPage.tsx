import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { managesPlanningYear } from '@gotong/domain/planning/access';
import { api, post } from '../api/client';
import { FieldMessage } from '../components/FieldMessage';
import { useNow } from '../components/useNow';
import { ErrorNotice, QueryState } from '../components/QueryState';
import {
  calendarFromDays,
  formatDay,
  PLANNING_STAGES,
  stageDaysOf,
  stageTimeline,
  suggestedStageDays,
  type PlanningYear,
  type StageCalendar,
  type StageDays,
} from './planning-model';
import { usePlanningCaller, useYears } from './planning-api';
import { problemsByField, type PlanningProblem } from './problems';
import { messagesByPath, stageDayProblems, type DayProblem } from './stage-form';
import { StageDatesFields } from './StageDatesFields';
import { usePlanningTexts, type PlanningTexts } from './texts';

const STAGE_PATHS = PLANNING_STAGES.flatMap((s) => [`stages.${s}.start`, `stages.${s}.end`]);

function sayDayProblem(text: PlanningTexts) {
  return (p: DayProblem): string =>
    p.code === 'dayMissing'
      ? text.create.dateRequired
      : p.code === 'dayInvalid'
        ? text.create.dateInvalid
        : text.problem(p as PlanningProblem);
}

/**
 * Perencanaan: the RKPD years, newest first, each with its status, current stage and stage schedule
 * (dd/mm/yyyy, WIB). BAPPEDA's lead or head (and the admin) create a year and move dates not yet past.
 */
export function PlanningYearsPage() {
  const text = usePlanningTexts();
  const caller = usePlanningCaller();
  const years = useYears();
  const manages = managesPlanningYear(caller);
  return (
    <>
      <h1>{text.years.title}</h1>
      <p className="muted">{text.years.intro}</p>
      <QueryState query={years}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{text.years.empty}</p>
          ) : (
            <div>
              {list.map((year) => (
                <YearCard key={year.year} year={year} manages={manages} />
              ))}
            </div>
          )
        }
      </QueryState>
      {manages && <CreateYearForm existing={years.data?.map((y) => y.year) ?? []} />}
    </>
  );
}

function YearCard({ year, manages }: { year: PlanningYear; manages: boolean }) {
  const text = usePlanningTexts();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const headingId = `year-${year.year}`;
  return (
    <section className="card" aria-labelledby={headingId} data-year={year.year}>
      <h2 id={headingId}>
        <Link to={`/planning/${year.year}`}>{text.years.yearOf(year.year)}</Link>
      </h2>
      <dl className="details">
        <div>
          <dt>{text.years.status}</dt>
          <dd>
            <span className="badge" data-status={year.status}>
              {text.yearStatus[year.status]}
            </span>
          </dd>
        </div>
        <div>
          <dt>{text.years.currentStage}</dt>
          <dd data-stage={year.currentStage}>{text.position[year.currentStage]}</dd>
        </div>
        <div>
          <dt>{text.years.proposals}</dt>
          <dd>{year.proposals}</dd>
        </div>
      </dl>
      <h3>{text.years.timeline}</h3>
      <StageTimeline year={year} />
      <p>
        <Link to={`/planning/${year.year}`}>{text.years.open(year.year)}</Link>
      </p>
      {saved && !editing && (
        <p className="notice notice-success" role="status">
          {text.edit.saved}
        </p>
      )}
      {manages && year.status === 'OPEN' && !editing && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setSaved(false);
            setEditing(true);
          }}
        >
          {text.edit.title}
        </button>
      )}
      {editing && (
        <EditStagesForm
          year={year}
          onDone={(done) => {
            setEditing(false);
            setSaved(done);
          }}
        />
      )}
    </section>
  );
}

/** The five stages in order with their days and whether each is over, under way or to come. */
export function StageTimeline({ year }: { year: PlanningYear }) {
  const text = usePlanningTexts();
  return (
    <ol className="timeline">
      {stageTimeline(year.stages, year.currentStage).map((row) => (
        <li
          key={row.stage}
          className={row.phase === 'current' ? 'timeline-item timeline-instruction' : 'timeline-item'}
          data-phase={row.phase}
        >
          <p className="timeline-head">
            <strong>{text.stage[row.stage]}</strong> · {text.phase[row.phase]}
          </p>
          <p className="timeline-time">
            <time dateTime={row.start}>{formatDay(row.start)}</time> –{' '}
            <time dateTime={row.end}>{formatDay(row.end)}</time>
          </p>
        </li>
      ))}
    </ol>
  );
}

function CreateYearForm({ existing }: { existing: readonly number[] }) {
  const text = usePlanningTexts();
  const queryClient = useQueryClient();
  const proposed = (existing.length > 0 ? Math.max(...existing) : new Date().getFullYear()) + 1;
  const [yearText, setYearText] = useState(String(proposed));
  const [days, setDays] = useState<StageDays>(() => suggestedStageDays(proposed));
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<number | null>(null);
  const say = sayDayProblem(text);
  const create = useMutation({
    mutationFn: (body: { year: number; stages: StageCalendar }) =>
      post<PlanningYear>('/planning/years', body),
    onSuccess: async (year) => {
      setCreated(year.year);
      setProblems({});
      await queryClient.invalidateQueries({ queryKey: ['planning', 'years'] });
    },
    onError: (error) => {
      const found = problemsByField(error, ['year', ...STAGE_PATHS]);
      setProblems(messagesByPath(Object.values(found.byField).flat(), text.problem));
    },
  });
  const submit = () => {
    setCreated(null);
    const year = Number(yearText.trim());
    const yearProblems: Record<string, string[]> = /^\d{4}$/.test(yearText.trim())
      ? {}
      : { year: [text.create.yearRequired] };
    const dayProblems = Number.isInteger(year) ? stageDayProblems(year, days) : [];
    const found = { ...messagesByPath(dayProblems, say), ...yearProblems };
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ year, stages: calendarFromDays(days) });
  };
  const shown = create.error && problemsByField(create.error, ['year', ...STAGE_PATHS]);
  return (
    <section className="card card-action" aria-labelledby="create-year-title">
      <h2 id="create-year-title">{text.create.title}</h2>
      <p className="help">{text.create.intro}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className={problems.year ? 'field field-invalid' : 'field'}>
          <label htmlFor="plan-year">{text.create.year}</label>
          <input
            id="plan-year"
            inputMode="numeric"
            value={yearText}
            aria-invalid={problems.year ? true : undefined}
            aria-describedby={problems.year ? 'plan-year-error' : undefined}
            onChange={(e) => {
              const next = e.target.value;
              setYearText(next);
              // A new year starts from the usual schedule of the year before it, if nothing was typed yet.
              if (/^\d{4}$/.test(next.trim()) && sameDays(days, suggestedStageDays(Number(yearText)))) {
                setDays(suggestedStageDays(Number(next.trim())));
              }
            }}
          />
          <FieldMessage id="plan-year-error" messages={problems.year} />
        </div>
        <StageDatesFields idPrefix="create" days={days} onChange={setDays} problems={problems} />
        {shown && shown.other.length > 0 && (
          <ul className="notice notice-error" role="alert">
            {shown.other.map((p, i) => (
              <li key={i}>{text.problem(p)}</li>
            ))}
          </ul>
        )}
        {create.error && !shown?.other.length && Object.keys(problems).length === 0 && (
          <ErrorNotice error={create.error} />
        )}
        {created !== null && (
          <p className="notice notice-success" role="status">
            {text.create.created(created)}
          </p>
        )}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? text.create.submitting : text.create.submit}
        </button>
      </form>
    </section>
  );
}

function sameDays(a: StageDays, b: StageDays): boolean {
  return PLANNING_STAGES.every((s) => a[s].start === b[s].start && a[s].end === b[s].end);
}

function EditStagesForm({ year, onDone }: { year: PlanningYear; onDone: (saved: boolean) => void }) {
  const text = usePlanningTexts();
  const queryClient = useQueryClient();
  const [days, setDays] = useState<StageDays>(() => stageDaysOf(year.stages));
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const say = sayDayProblem(text);
  const now = useNow().getTime();
  // A date already past cannot change (the API refuses it): shown, not editable.
  const locked = new Set(
    PLANNING_STAGES.flatMap((s) =>
      (['start', 'end'] as const)
        .filter((edge) => Date.parse(year.stages[s][edge]) <= now)
        .map((edge) => `stages.${s}.${edge}`),
    ),
  );
  const save = useMutation({
    mutationFn: (stages: StageCalendar) =>
      api<PlanningYear>(`/planning/years/${year.year}/stages`, { method: 'PATCH', body: { stages } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['planning', 'years'] });
      onDone(true);
    },
    onError: (error) => {
      const found = problemsByField(error, STAGE_PATHS);
      setProblems(messagesByPath(Object.values(found.byField).flat(), text.problem));
    },
  });
  const shown = save.error && problemsByField(save.error, STAGE_PATHS);
  return (
    <form
      className="card"
      noValidate
      aria-label={text.edit.title}
      onSubmit={(event) => {
        event.preventDefault();
        const found = messagesByPath(stageDayProblems(year.year, days, year.stages), say);
        setProblems(found);
        if (Object.keys(found).length > 0) return;
        save.mutate(calendarFromDays(days, year.stages));
      }}
    >
      <h3>{text.edit.title}</h3>
      <p className="help">{text.edit.intro}</p>
      <StageDatesFields
        idPrefix={`edit-${year.year}`}
        days={days}
        onChange={setDays}
        problems={problems}
        locked={locked}
      />
      {shown && shown.other.length > 0 && (
        <ul className="notice notice-error" role="alert">
          {shown.other.map((p, i) => (
            <li key={i}>{text.problem(p)}</li>
          ))}
        </ul>
      )}
      {save.error && !shown?.other.length && Object.keys(problems).length === 0 && (
        <ErrorNotice error={save.error} />
      )}
      <div className="inline-form">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? text.edit.submitting : text.edit.submit}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(false)}>
          {text.edit.cancel}
        </button>
      </div>
    </form>
  );
}
