import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api, query } from '../../api/client';
import type { OpdScorecard, ScorecardTaskRow } from '@gotong/domain/scorecard';
import { Link } from 'react-router';
import { DateInput } from '../../components/DateInput';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { QueryState } from '../../components/QueryState';
import { isIsoDate } from '../../format/date-input';
import { formatNumber, isoDateWib } from '../../format/datetime';
import { currentLang } from '../../i18n';
import {
  byAttention,
  onTimeBars,
  withoutCompletedWork,
  type OnTimeBar,
  type Tone,
} from '../../leadership/scorecard-chart';
import {
  completionBars,
  pressureBars,
  type CompletionBar,
  type PressureBar,
} from '../../leadership/scorecard-pressure';
import { JUDGEMENT_BADGE, useLeadershipTexts } from '../../leadership/texts';
import { UncoveredAgencies } from './UncoveredAgencies';
import { useFilterParams } from '../../components/useFilterParams';

const TONE_COLOURS: Record<Tone, string> = { good: '#1b7f4b', fair: '#b26a00', poor: '#b3261e' };

interface Period {
  from: string;
  to: string;
}

/** GET /scorecards */
interface Scorecards {
  from: string;
  to: string;
  opd: OpdScorecard[];
}

/** GET /scorecards/:agencyCode/tasks */
interface ScorecardTasks {
  from: string;
  to: string;
  agencyCode: string;
  agencyName: string;
  items: ScorecardTaskRow[];
}

/**
 * OPD scorecards over a period (default: the last 30 days, WIB) with the on-time chart; `?opd=CODE` opens the
 * tasks behind one OPD's figures.
 */
export function ScorecardsPage() {
  const { t } = useTranslation();
  const text = useLeadershipTexts();
  const [search, setSearch] = useFilterParams();
  const opd = search.get('opd');
  const [period, setPeriod] = useState<Period>(() => ({ from: isoDateWib(new Date(), 30), to: '' }));
  const {
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<Period>({ defaultValues: period });
  const scorecards = useQuery({
    queryKey: ['scorecards', period],
    queryFn: () => api<Scorecards>(`/scorecards${query({ from: period.from, to: period.to })}`),
  });
  return (
    <>
      <h1>{t('scorecards.title')}</h1>
      <p className="muted">{text.scorecards.intro}</p>
      <UncoveredAgencies />
      <form className="filters" noValidate onSubmit={(event) => void handleSubmit(setPeriod)(event)}>
        <div className={errors.from ? 'field field-invalid' : 'field'}>
          <label htmlFor="period-from">{t('scorecards.from')}</label>
          <Controller
            control={control}
            name="from"
            rules={{
              required: t('problem.required'),
              validate: (v) => isIsoDate(v) || t('dates.invalid'),
            }}
            render={({ field }) => (
              <DateInput
                id="period-from"
                aria-invalid={errors.from ? true : undefined}
                aria-describedby={errors.from ? 'period-from-error' : undefined}
                {...field}
              />
            )}
          />
          <FieldMessage id="period-from-error" messages={errors.from?.message} />
        </div>
        <div className={errors.to ? 'field field-invalid' : 'field'}>
          <label htmlFor="period-to">{t('scorecards.to')}</label>
          <Controller
            control={control}
            name="to"
            rules={{ validate: (v) => v === '' || isIsoDate(v) || t('dates.invalid') }}
            render={({ field }) => (
              <DateInput
                id="period-to"
                aria-invalid={errors.to ? true : undefined}
                aria-describedby={errors.to ? 'period-to-error' : undefined}
                {...field}
              />
            )}
          />
          <FieldMessage id="period-to-error" messages={errors.to?.message} />
        </div>
        <button type="submit">{t('scorecards.show')}</button>
      </form>
      <QueryState query={scorecards}>{(data) => <ScorecardView data={data} />}</QueryState>
      {opd && <TaskList agencyCode={opd} period={period} onClose={() => setSearch({})} />}
    </>
  );
}

function ScorecardView({ data }: { data: Scorecards }) {
  const { t } = useTranslation();
  const idle = withoutCompletedWork(data.opd);
  if (data.opd.length === 0) return <p className="empty">{t('scorecards.noData')}</p>;
  return (
    <>
      <OnTimeChart bars={onTimeBars(data.opd)}>
        {idle.length > 0 && (
          <p className="muted">
            {t('scorecards.noRate', { list: idle.map((r) => r.agencyCode).join(', ') })}
          </p>
        )}
      </OnTimeChart>
      <CompletionChart bars={completionBars(data.opd)} />
      <PressureChart bars={pressureBars(data.opd)} />
      <ScorecardTable data={data} />
      <ReviewTable data={data} />
    </>
  );
}

/**
 * One chart card: a titled, described section whose chart (one horizontal bar per OPD) is an image named by
 * that title for screen readers; `empty` is shown instead when there is nothing to draw.
 */
function ChartCard(props: {
  id: string;
  title: string;
  description: string;
  rows: number;
  empty?: string | undefined;
  note?: ReactNode;
  children: ReactElement;
}) {
  return (
    <section className="card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p id={`${props.id}-description`} className="help">
        {props.description}
      </p>
      {props.rows === 0 ? (
        props.empty && <p className="muted">{props.empty}</p>
      ) : (
        <div
          className="chart"
          role="img"
          aria-labelledby={`${props.id}-title`}
          aria-describedby={`${props.id}-description`}
        >
          <ResponsiveContainer width="100%" height={Math.max(160, props.rows * 36 + 60)}>
            {props.children}
          </ResponsiveContainer>
        </div>
      )}
      {props.note}
    </section>
  );
}

const BAR_LAYOUT = { layout: 'vertical', margin: { top: 8, right: 72, bottom: 8, left: 8 } } as const;

function OnTimeChart({ bars, children }: { bars: OnTimeBar[]; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const text = useLeadershipTexts();
  const lang = currentLang(i18n.language);
  return (
    <ChartCard
      id="chart"
      title={t('scorecards.chartTitle')}
      description={text.scorecards.chartDescription}
      rows={bars.length}
      note={children}
    >
      <BarChart data={bars} {...BAR_LAYOUT}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" domain={[0, 100]} unit=" %" />
        <YAxis type="category" dataKey="code" width={120} />
        <Tooltip
          formatter={(value) => [`${formatNumber(Number(value), lang, 1)} %`, t('scorecards.onTime')]}
          labelFormatter={(label) =>
            bars.find((b) => b.code === label)?.name ?? (typeof label === 'string' ? label : '')
          }
        />
        <Bar dataKey="percent" name={t('scorecards.onTime')} isAnimationActive={false}>
          {bars.map((bar) => (
            <Cell key={bar.code} fill={TONE_COLOURS[bar.tone]} />
          ))}
          <LabelList
            dataKey="percent"
            position="right"
            formatter={(v) => `${formatNumber(Number(v), lang, 1)} %`}
          />
        </Bar>
      </BarChart>
    </ChartCard>
  );
}

function CompletionChart({ bars }: { bars: CompletionBar[] }) {
  const { t, i18n } = useTranslation();
  const text = useLeadershipTexts();
  const lang = currentLang(i18n.language);
  const hours = (value: unknown) => t('scorecards.hours', { hours: formatNumber(Number(value), lang, 1) });
  return (
    <ChartCard
      id="completion"
      title={text.scorecards.completionTitle}
      description={text.scorecards.completionDescription}
      rows={bars.length}
    >
      <BarChart data={bars} {...BAR_LAYOUT}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" />
        <YAxis type="category" dataKey="code" width={120} />
        <Tooltip formatter={(value) => [hours(value), text.scorecards.medianWork]} />
        <Bar dataKey="hours" name={text.scorecards.medianWork} fill="#0b5d4b" isAnimationActive={false}>
          <LabelList dataKey="hours" position="right" formatter={hours} />
        </Bar>
      </BarChart>
    </ChartCard>
  );
}

/** The stacked parts of the pressure chart: escalations per ladder level, then reassignments. */
const PRESSURE_PARTS = [
  { key: 'level1', label: 'scorecards.level1', fill: '#b26a00' },
  { key: 'level2', label: 'scorecards.level2', fill: '#b3261e' },
  { key: 'level3', label: 'scorecards.level3', fill: '#6b0f0a' },
  { key: 'reassignments', label: 'scorecards.reassignments', fill: '#4a6fa5' },
] as const;

function PressureChart({ bars }: { bars: PressureBar[] }) {
  const { t } = useTranslation();
  return (
    <ChartCard
      id="pressure"
      title={t('scorecards.pressureTitle')}
      description={t('scorecards.pressureDescription')}
      rows={bars.length}
      empty={t('scorecards.pressureNone')}
    >
      <BarChart data={bars} {...BAR_LAYOUT}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="code" width={120} />
        <Tooltip />
        <Legend />
        {PRESSURE_PARTS.map((part) => (
          <Bar
            key={part.key}
            dataKey={part.key}
            stackId="pressure"
            name={t(part.label)}
            fill={part.fill}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartCard>
  );
}

function ScorecardTable({ data }: { data: Scorecards }) {
  const { t, i18n } = useTranslation();
  const text = useLeadershipTexts();
  const lang = currentLang(i18n.language);
  const hours = (value: number | null) =>
    value === null ? t('common.none') : t('scorecards.hours', { hours: formatNumber(value, lang, 1) });
  return (
    <section className="card" aria-labelledby="table-title">
      <h2 id="table-title">{t('scorecards.tableTitle')}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('scorecards.agency')}</th>
              <th scope="col" className="num">
                {t('scorecards.completed')}
              </th>
              <th scope="col" className="num">
                {t('scorecards.onTimeRate')}
              </th>
              <th scope="col" className="num">
                {text.scorecards.late}
              </th>
              <th scope="col" className="num">
                {text.scorecards.extended}
              </th>
              <th scope="col" className="num">
                {t('scorecards.openOverdue')}
              </th>
              <th scope="col" className="num">
                {text.scorecards.medianWork}
              </th>
              <th scope="col" className="num">
                {text.scorecards.revisions}
              </th>
              <th scope="col" className="num">
                {t('scorecards.reassignments')}
              </th>
              <th scope="col" className="num">
                {t('scorecards.escalationsReceived')}
              </th>
              <th scope="col" className="num">
                {t('scorecards.deadlinesExtended')}
              </th>
            </tr>
          </thead>
          <tbody>
            {byAttention(data.opd).map((row) => (
              <tr key={row.agencyCode} className={row.openOverdue > 0 ? 'row-overdue' : undefined}>
                <th scope="row">
                  <Link
                    to={`?opd=${encodeURIComponent(row.agencyCode)}`}
                    aria-label={text.scorecards.tasksFor(row.agencyName)}
                  >
                    {row.agencyName}
                  </Link>{' '}
                  <span className="muted">({row.agencyCode})</span>
                </th>
                <td className="num">{row.completed}</td>
                <td className="num">
                  {row.onTimeRate === null
                    ? t('common.none')
                    : `${formatNumber(row.onTimeRate * 100, lang, 1)} %`}
                </td>
                <td className="num">{row.completedLate}</td>
                <td className="num">{row.completedExtended}</td>
                <td className="num">{row.openOverdue}</td>
                <td className="num">{hours(row.medianWorkingHoursToSubmit)}</td>
                <td className="num">{row.revisions}</td>
                <td className="num">{row.reassignmentsAway}</td>
                <td className="num">{row.escalationsReceived}</td>
                <td className="num">{row.deadlinesExtended}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The lead OPDs' reviews: done, median working hours, late (never counted against the submitting OPD). */
function ReviewTable({ data }: { data: Scorecards }) {
  const { t, i18n } = useTranslation();
  const text = useLeadershipTexts();
  const lang = currentLang(i18n.language);
  const rows = data.opd
    .filter((row) => row.reviewsDone > 0 || row.reviewsLate > 0)
    .sort((a, b) => b.reviewsLate - a.reviewsLate || a.agencyCode.localeCompare(b.agencyCode));
  return (
    <section className="card" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{text.scorecards.reviewsTitle}</h2>
      <p className="help">{text.scorecards.reviewsIntro}</p>
      {rows.length === 0 ? (
        <p className="muted">{text.scorecards.reviewsNone}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('scorecards.agency')}</th>
                <th scope="col" className="num">
                  {text.scorecards.reviewsDone}
                </th>
                <th scope="col" className="num">
                  {text.scorecards.medianReview}
                </th>
                <th scope="col" className="num">
                  {text.scorecards.reviewsLate}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.agencyCode} className={row.reviewsLate > 0 ? 'row-overdue' : undefined}>
                  <th scope="row">
                    {row.agencyName} <span className="muted">({row.agencyCode})</span>
                  </th>
                  <td className="num">{row.reviewsDone}</td>
                  <td className="num">
                    {row.medianReviewHours === null
                      ? t('common.none')
                      : t('scorecards.hours', { hours: formatNumber(row.medianReviewHours, lang, 1) })}
                  </td>
                  <td className="num">{row.reviewsLate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The tasks behind one OPD's figures over the period, each with its judgement. */
function TaskList({
  agencyCode,
  period,
  onClose,
}: {
  agencyCode: string;
  period: Period;
  onClose: () => void;
}) {
  const { i18n } = useTranslation();
  const text = useLeadershipTexts();
  const lang = currentLang(i18n.language);
  // The list opens below the table: bring it into view (and to a screen reader's attention) when an OPD is chosen.
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    section.current?.scrollIntoView({ block: 'start' });
    section.current?.focus();
  }, [agencyCode]);
  const tasks = useQuery({
    queryKey: ['scorecards', agencyCode, 'tasks', period],
    queryFn: () =>
      api<ScorecardTasks>(
        `/scorecards/${encodeURIComponent(agencyCode)}/tasks${query({ from: period.from, to: period.to })}`,
      ),
  });
  return (
    <section className="card" aria-labelledby="tasks-title" ref={section} tabIndex={-1}>
      <QueryState query={tasks}>
        {(data) => (
          <>
            <h2 id="tasks-title">{text.scorecards.tasksOf(`${data.agencyName} (${data.agencyCode})`)}</h2>
            <p className="help">{text.scorecards.tasksIntro}</p>
            {data.items.length === 0 ? (
              <p className="empty">{text.scorecards.noTasks}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{text.task.task}</th>
                      <th scope="col">{text.task.project}</th>
                      <th scope="col">{text.task.judgement}</th>
                      <th scope="col">{text.task.due}</th>
                      <th scope="col">{text.task.submitted}</th>
                      <th scope="col" className="num">
                        {text.task.holderTime}
                      </th>
                      <th scope="col" className="num">
                        {text.task.revisions}
                      </th>
                      <th scope="col">{text.task.escalation}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((row) => (
                      <tr
                        key={row.taskId}
                        className={row.judgement === 'OPEN_OVERDUE' ? 'row-overdue' : undefined}
                      >
                        <th scope="row">
                          <Link to={`/tasks/${row.taskId}`}>{row.title}</Link>
                        </th>
                        <td>
                          <Link to={`/projects/${row.projectId}`}>{row.projectTitle}</Link>
                        </td>
                        <td>
                          <span className={JUDGEMENT_BADGE[row.judgement]}>
                            {text.judgement[row.judgement]}
                          </span>
                        </td>
                        <td>
                          <DateTime value={row.judgedDueAt ?? row.dueAt} />
                        </td>
                        <td>{row.submittedAt ? <DateTime value={row.submittedAt} /> : text.task.none}</td>
                        <td className="num">
                          {row.holderWorkingHours === null
                            ? text.task.none
                            : text.task.hours(formatNumber(row.holderWorkingHours, lang, 1))}
                        </td>
                        <td className="num">{row.revisions}</td>
                        <td>
                          {row.escalationLevel > 0 ? text.task.level(row.escalationLevel) : text.task.none}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryState>
      <button type="button" className="button-secondary" onClick={onClose}>
        {text.scorecards.close}
      </button>
    </section>
  );
}
