import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Holiday, WorkingCalendar } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { DateInput } from '../../components/DateInput';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { isIsoDate } from '../../format/date-input';
import { formatDateWib, isoDateWib } from '../../format/datetime';
import { currentLang } from '../../i18n';

const KINDS = ['NATIONAL_HOLIDAY', 'CUTI_BERSAMA'] as const;
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** Noon WIB of a calendar day: the same day in WIB whatever the browser's time zone. */
function dayAt(date: string): string {
  return `${date}T12:00:00+07:00`;
}

/**
 * The working calendar deadlines count in (GET /calendar): office hours and the year's holidays. The admin
 * adds, renames (PUT /calendar/holidays/:date) and removes them (DELETE, confirmed first); projects started
 * afterwards count with the change.
 */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const thisYear = Number(isoDateWib(new Date()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const calendar = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => api<WorkingCalendar>(`/calendar?year=${year}`),
  });
  const editable = may.editCalendar(user.role);
  const lang = currentLang(i18n.language);
  return (
    <>
      <h1>{t('holidays.title')}</h1>
      <p className="muted">{t('holidays.intro')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="holiday-year">{t('holidays.year')}</label>
          <select id="holiday-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {editable && <HolidayForm onSaved={(date) => setYear(Number(date.slice(0, 4)))} />}
      <QueryState query={calendar}>
        {(data) => (
          <>
            <section className="card" aria-labelledby="holiday-list-title">
              <h2 id="holiday-list-title">{t('holidays.listTitle', { year })}</h2>
              {data.holidays.length === 0 ? (
                <p className="empty">{t('holidays.empty')}</p>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('holidays.date')}</th>
                        <th scope="col">{t('holidays.name')}</th>
                        <th scope="col">{t('holidays.kind')}</th>
                        {editable && <th scope="col">{t('holidays.actions')}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {data.holidays.map((holiday) => (
                        <tr key={holiday.date} data-date={holiday.date}>
                          <td>{formatDateWib(dayAt(holiday.date), lang)}</td>
                          <td>{holiday.name}</td>
                          <td>{t(`holidays.kind${holiday.kind}`)}</td>
                          {editable && (
                            <td>
                              <RemoveHoliday holiday={holiday} />
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section className="card" aria-labelledby="office-hours-title">
              <h2 id="office-hours-title">{t('holidays.officeHours')}</h2>
              <dl className="details">
                {WEEKDAYS.map((day) => {
                  const hours = data.officeHours[day];
                  return (
                    <div key={day}>
                      <dt>{t(`holidays.weekday${day}`)}</dt>
                      <dd>
                        {hours
                          ? t('holidays.hours', { start: hours.start, end: hours.end })
                          : t('holidays.closed')}
                      </dd>
                    </div>
                  );
                })}
              </dl>
              <p className="muted small">{t('holidays.timeZone', { zone: data.timeZone })}</p>
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}

function RemoveHoliday({ holiday }: { holiday: Holiday }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api(`/calendar/holidays/${holiday.date}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });
  const when = formatDateWib(dayAt(holiday.date), currentLang(i18n.language));
  return (
    <>
      <button
        type="button"
        className="button-secondary"
        disabled={remove.isPending}
        aria-label={t('holidays.removeOne', { name: holiday.name, date: when })}
        onClick={() => {
          if (window.confirm(t('holidays.confirmRemove', { name: holiday.name, date: when })))
            remove.mutate();
        }}
      >
        {t('holidays.remove')}
      </button>
      {remove.error && <ErrorNotice error={remove.error} />}
    </>
  );
}

interface HolidayValues {
  date: string;
  name: string;
  kind: (typeof KINDS)[number];
}

function HolidayForm({ onSaved }: { onSaved: (date: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const {
    control,
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<HolidayValues>({ defaultValues: { date: '', name: '', kind: 'NATIONAL_HOLIDAY' } });
  const save = useMutation({
    mutationFn: ({ date, name, kind }: HolidayValues) =>
      api<Holiday>(`/calendar/holidays/${date}`, { method: 'PUT', body: { name: name.trim(), kind } }),
    onSuccess: async (holiday) => {
      reset();
      onSaved(holiday.date);
      await queryClient.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
  return (
    <section className="card card-action" aria-labelledby="holiday-form-title">
      <h2 id="holiday-form-title">{t('holidays.add')}</h2>
      <p className="help">{t('holidays.addHelp')}</p>
      <form noValidate onSubmit={(event) => void handleSubmit((v) => save.mutate(v))(event)}>
        <div className="inline-form">
          <div className={errors.date ? 'field field-invalid' : 'field'}>
            <label htmlFor="holiday-date">{t('holidays.date')}</label>
            <Controller
              control={control}
              name="date"
              rules={{
                required: t('problem.required'),
                validate: (v) => isIsoDate(v) || t('dates.invalid'),
              }}
              render={({ field }) => (
                <DateInput
                  id="holiday-date"
                  aria-invalid={errors.date ? true : undefined}
                  aria-describedby={errors.date ? 'holiday-date-error' : undefined}
                  {...field}
                />
              )}
            />
            <FieldMessage id="holiday-date-error" messages={errors.date?.message} />
          </div>
          <div className={errors.name ? 'field field-invalid' : 'field'}>
            <label htmlFor="holiday-name">{t('holidays.name')}</label>
            <input
              id="holiday-name"
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? 'holiday-name-error' : undefined}
              {...register('name', { validate: (v) => v.trim() !== '' || t('holidays.nameRequired') })}
            />
            <FieldMessage id="holiday-name-error" messages={errors.name?.message} />
          </div>
          <div className="field">
            <label htmlFor="holiday-kind">{t('holidays.kind')}</label>
            <select id="holiday-kind" {...register('kind')}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`holidays.kind${kind}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {save.error && <ErrorNotice error={save.error} />}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? t('common.sending') : t('holidays.save')}
          </button>
        </div>
        {save.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('holidays.saved', { name: save.data.name })}
          </p>
        )}
      </form>
    </section>
  );
}
