import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { NotificationPreferences } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import {
  formFromPreferences,
  preferencesPayload,
  quietHoursProblems,
  type PreferencesForm,
} from '../../settings/preferences';

const KEY = ['me', 'notification-preferences'] as const;

/** The user's notification preferences: email, WhatsApp/SMS, language of messages, quiet hours (WIB). */
export function SettingsPage() {
  const { t } = useTranslation();
  const preferences = useQuery({
    queryKey: KEY,
    queryFn: () => api<NotificationPreferences>('/me/notification-preferences'),
  });
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <p className="muted">{t('settings.intro')}</p>
      <p>
        <Link to="/calendar">{t('holidays.link')}</Link>
      </p>
      <QueryState query={preferences}>{(data) => <PreferencesEditor stored={data} />}</QueryState>
    </>
  );
}

function PreferencesEditor({ stored }: { stored: NotificationPreferences }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const {
    register,
    handleSubmit,
    control,
    reset,
    formState: { errors, isDirty },
  } = useForm<PreferencesForm>({ defaultValues: formFromPreferences(stored) });
  const quiet = useWatch({ control, name: 'quiet' });
  const save = useMutation({
    mutationFn: (form: PreferencesForm) =>
      api<NotificationPreferences>('/me/notification-preferences', {
        method: 'PUT',
        body: preferencesPayload(form),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      reset(formFromPreferences(saved));
    },
  });

  const problem = (which: 'start' | 'end') => (form: PreferencesForm) => {
    const found = quietHoursProblems(form)[which];
    return found ? t(`settings.${found}`) : true;
  };
  return (
    <form className="card" noValidate onSubmit={(event) => void handleSubmit((v) => save.mutate(v))(event)}>
      <h2>{t('settings.notifications')}</h2>
      <p className="help">{t('settings.inAppAlways')}</p>
      <div className="field-check">
        <input id="pref-email" type="checkbox" aria-describedby="pref-email-help" {...register('email')} />
        <label htmlFor="pref-email">{t('settings.email')}</label>
      </div>
      <p id="pref-email-help" className="help">
        {stored.addresses.email
          ? t('settings.emailTo', { address: stored.addresses.email })
          : t('settings.noEmail')}
      </p>
      <div className="field-check">
        <input
          id="pref-webhook"
          type="checkbox"
          aria-describedby="pref-webhook-help"
          {...register('webhook')}
        />
        <label htmlFor="pref-webhook">{t('settings.webhook')}</label>
      </div>
      <p id="pref-webhook-help" className="help">
        {stored.addresses.phone
          ? t('settings.webhookTo', { phone: stored.addresses.phone })
          : t('settings.noPhone')}
      </p>
      <div className="field">
        <label htmlFor="pref-language">{t('settings.language')}</label>
        <select id="pref-language" {...register('language')}>
          <option value="id">Bahasa Indonesia</option>
          <option value="en">English</option>
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('settings.quietHours')}</legend>
        <p id="pref-quiet-help" className="help">
          {t('settings.quietHelp')}
        </p>
        <div className="field-check">
          <input id="pref-quiet" type="checkbox" aria-describedby="pref-quiet-help" {...register('quiet')} />
          <label htmlFor="pref-quiet">{t('settings.quietOn')}</label>
        </div>
        {quiet && (
          <div className="inline-form">
            <div className={errors.start ? 'field field-invalid' : 'field'}>
              <label htmlFor="pref-start">{t('settings.start')}</label>
              <input
                id="pref-start"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                placeholder={t('dates.timePlaceholder')}
                aria-invalid={errors.start ? true : undefined}
                aria-describedby={errors.start ? 'pref-start-error' : undefined}
                {...register('start', { validate: (_, form) => problem('start')(form) })}
              />
              <FieldMessage id="pref-start-error" messages={errors.start?.message} />
            </div>
            <div className={errors.end ? 'field field-invalid' : 'field'}>
              <label htmlFor="pref-end">{t('settings.end')}</label>
              <input
                id="pref-end"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                placeholder={t('dates.timePlaceholder')}
                aria-invalid={errors.end ? true : undefined}
                aria-describedby={errors.end ? 'pref-end-error' : undefined}
                {...register('end', { validate: (_, form) => problem('end')(form) })}
              />
              <FieldMessage id="pref-end-error" messages={errors.end?.message} />
            </div>
          </div>
        )}
      </fieldset>
      {save.error && <ErrorNotice error={save.error} />}
      {save.isSuccess && !isDirty && (
        <p className="notice notice-success" role="status">
          {t('settings.saved')}
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? t('settings.saving') : t('settings.save')}
      </button>
    </form>
  );
}
