import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, post } from '../../api/client';
import type { Escalation, EscalationBoard } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { UncoveredAgencies } from './UncoveredAgencies';

const LEVELS = [1, 2, 3] as const;

/** The escalation board: refreshed every 10 s, and at once when a notification arrives (see useNotifications). */
export function EscalationsPage() {
  const { t } = useTranslation();
  const board = useQuery({
    queryKey: ['escalations'],
    queryFn: () => api<EscalationBoard>('/escalations'),
    refetchInterval: 10_000,
  });
  // An extended task leaves the board (its escalation is closed): the page says what happened.
  const [extended, setExtended] = useState<string | null>(null);
  return (
    <>
      <h1>{t('escalations.title')}</h1>
      <p className="muted">
        {t('escalations.intro')} {t('common.autoRefresh')}
      </p>
      <UncoveredAgencies />
      {extended && (
        <p className="notice notice-success" role="status">
          {t('extend.done', { title: extended })}
        </p>
      )}
      <QueryState query={board}>
        {(data) => (
          <>
            <section aria-labelledby="levels-title">
              <h2 id="levels-title" className="visually-hidden">
                {t('escalations.summary')}
              </h2>
              <ul className="level-summary">
                {LEVELS.map((level) => (
                  <li key={level} className={`level level-${level}`}>
                    <span className="level-count">{data.byLevel[String(level)] ?? 0}</span>
                    <span>
                      {t('escalations.level', { level })} · {t(`escalations.levelTitle${level}`)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            {data.items.length === 0 ? (
              <p className="empty">{t('escalations.empty')}</p>
            ) : (
              <ul className="escalations" aria-label={t('escalations.title')}>
                {data.items.map((e) => (
                  <EscalationCard key={e.id} escalation={e} onExtended={setExtended} />
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}

function levelTitle(
  level: number,
): 'escalations.levelTitle1' | 'escalations.levelTitle2' | 'escalations.levelTitle3' {
  return level >= 3
    ? 'escalations.levelTitle3'
    : level === 2
      ? 'escalations.levelTitle2'
      : 'escalations.levelTitle1';
}

function EscalationCard({
  escalation: e,
  onExtended,
}: {
  escalation: Escalation;
  onExtended: (title: string) => void;
}) {
  const { t } = useTranslation();
  const titleId = `escalation-${e.id}`;
  return (
    <li className={`card escalation level-${Math.min(e.level, 3)}`} aria-labelledby={titleId}>
      <p className="escalation-level">
        <span className={`badge badge-level-${Math.min(e.level, 3)}`}>
          {t('escalations.level', { level: e.level })}
        </span>{' '}
        {t(levelTitle(e.level))} · {t(`escalations.status${e.status}`)}
      </p>
      <h2 id={titleId} className="escalation-title">
        <Link to={`/tasks/${e.task.id}`}>{e.task.title}</Link>
      </h2>
      <dl className="details">
        <div>
          <dt>{t('escalations.agency')}</dt>
          <dd>
            {e.agency.name} ({e.agency.code})
          </dd>
        </div>
        <div>
          <dt>{t('escalations.project')}</dt>
          <dd>
            <Link to={`/projects/${e.project.id}`}>{e.project.title}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('escalations.deadline')}</dt>
          <dd className="text-overdue">
            <DateTime value={e.task.dueAt} />
          </dd>
        </div>
      </dl>
      <p className="muted">
        {t('escalations.openedAt')} <DateTime value={e.openedAt} /> (
        {t('escalations.age', { minutes: e.ageMinutes })})
      </p>
      {e.task.reassignmentCount > 0 && (
        <p className="notice notice-warning">{t('escalations.moved', { count: e.task.reassignmentCount })}</p>
      )}
      {e.instruction && (
        <blockquote className="instruction">
          {t('escalations.answered', { name: e.answeredBy?.fullName ?? '', instruction: e.instruction })}
        </blockquote>
      )}
      {/* The server says (separation of duties, and the posts a Plt./Plh. stands in for): libs/domain permissions. */}
      {e.mayAnswer && (
        <div className="escalation-actions">
          <AnswerForm escalation={e} />
          <ExtendForm escalation={e} onExtended={onExtended} />
        </div>
      )}
    </li>
  );
}

function AnswerForm({ escalation }: { escalation: Escalation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<{ instruction: string }>({ defaultValues: { instruction: '' } });
  const answer = useMutation({
    mutationFn: (instruction: string) => post(`/escalations/${escalation.id}/answer`, { instruction }),
    onSuccess: async () => {
      reset();
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['escalations'] });
    },
  });
  const id = `instruction-${escalation.id}`;
  if (!open) {
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          {t('escalations.answer')}
        </button>
        {answer.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('escalations.answerSent')}
          </p>
        )}
      </>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(({ instruction }) => answer.mutate(instruction.trim()))(event)}
    >
      <div className={errors.instruction ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{t('escalations.instruction', { agency: escalation.agency.name })}</label>
        <p id={`${id}-help`} className="help">
          {t('escalations.instructionHelp')}
        </p>
        <textarea
          id={id}
          rows={3}
          aria-invalid={errors.instruction ? true : undefined}
          aria-describedby={`${id}-help${errors.instruction ? ` ${id}-error` : ''}`}
          {...register('instruction', {
            validate: (v) => v.trim() !== '' || t('escalations.instructionRequired'),
          })}
        />
        <FieldMessage id={`${id}-error`} messages={errors.instruction?.message} />
      </div>
      <div className="actions">
        <button type="submit" disabled={answer.isPending}>
          {answer.isPending ? t('common.sending') : t('escalations.sendInstruction')}
        </button>
        <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
      {answer.error && <ErrorNotice error={answer.error} />}
    </form>
  );
}

/** The units an extension is given in (libs/domain calendar SlaUnit; working time skips nights and holidays). */
const EXTENSION_UNITS = ['workingDays', 'workingHours', 'days', 'hours', 'minutes'] as const;
type ExtensionUnit = (typeof EXTENSION_UNITS)[number];

interface ExtendValues {
  amount: string;
  unit: ExtensionUnit;
  reason: string;
}

/**
 * A new deadline for the escalated task (POST /escalations/:id/extend): once per task, no longer than the
 * step's original SLA, with the reason in the project's timeline. The same people as answer may extend.
 */
function ExtendForm({
  escalation,
  onExtended,
}: {
  escalation: Escalation;
  onExtended: (title: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<ExtendValues>({ defaultValues: { amount: '', unit: 'workingDays', reason: '' } });
  const extend = useMutation({
    mutationFn: ({ amount, unit, reason }: ExtendValues) =>
      post(`/escalations/${escalation.id}/extend`, {
        extension: { amount: Number(amount.trim()), unit },
        reason: reason.trim(),
      }),
    onSuccess: async () => {
      reset();
      setOpen(false);
      onExtended(escalation.task.title);
      await queryClient.invalidateQueries({ queryKey: ['escalations'] });
    },
  });
  const id = `extend-${escalation.id}`;
  if (!open) {
    return (
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {t('extend.open')}
      </button>
    );
  }
  const aria = (name: keyof ExtendValues) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });
  return (
    <form
      className="extend-form"
      noValidate
      aria-label={t('extend.title')}
      onSubmit={(event) => void handleSubmit((values) => extend.mutate(values))(event)}
    >
      <p className="help">{t('extend.help')}</p>
      <div className="inline-form">
        <div className={errors.amount ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-amount`}>{t('extend.amount')}</label>
          <input
            id={`${id}-amount`}
            type="text"
            inputMode="numeric"
            {...aria('amount')}
            {...register('amount', {
              validate: (v) => /^[1-9]\d*$/.test(v.trim()) || t('extend.amountInvalid'),
            })}
          />
          <FieldMessage id={`${id}-amount-error`} messages={errors.amount?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-unit`}>{t('extend.unit')}</label>
          <select id={`${id}-unit`} {...register('unit')}>
            {EXTENSION_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`slaUnit.${unit}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={errors.reason ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-reason`}>{t('extend.reason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          {...aria('reason')}
          {...register('reason', { validate: (v) => v.trim() !== '' || t('extend.reasonRequired') })}
        />
        <FieldMessage id={`${id}-reason-error`} messages={errors.reason?.message} />
      </div>
      {extend.error && <ErrorNotice error={extend.error} />}
      <div className="actions">
        <button type="submit" disabled={extend.isPending}>
          {extend.isPending ? t('common.sending') : t('extend.submit')}
        </button>
        <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
