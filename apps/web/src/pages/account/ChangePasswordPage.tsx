import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client';
import { describeError } from '../../api/error-text';
import type { LoginResult } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import {
  PASSWORD_MIN_LENGTH,
  passwordProblems,
  problemsFromApi,
  type PasswordField,
  type PasswordForm,
  type PasswordProblem,
} from '../../auth/password';
import { FieldMessage } from '../../components/FieldMessage';

const EMPTY: PasswordForm = { currentPassword: '', newPassword: '', repeatPassword: '' };

/**
 * Ganti kata sandi: POST /auth/password. The user's other sessions (other PCs, other browsers) end; this
 * tab carries on with the fresh token the API returns.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { adopt } = useAuth();
  const [other, setOther] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<PasswordForm>({ defaultValues: EMPTY });
  const change = useMutation({
    mutationFn: (form: PasswordForm) =>
      post<LoginResult>('/auth/password', {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
      }),
    onSuccess: (result) => {
      adopt(result);
      reset(EMPTY);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const body = error.body as { message?: unknown };
        const lines = Array.isArray(body.message) ? body.message.map(String) : [error.message];
        const placed = problemsFromApi(lines);
        for (const [field, problem] of Object.entries(placed.fields))
          setError(field as PasswordField, { message: problemText(problem) });
        setOther(placed.other);
      } else setOther([t(`errors.${describeError(error).kind}`)]);
    },
  });

  const problemText = (problem: PasswordProblem) => t(`password.${problem}`, { min: PASSWORD_MIN_LENGTH });
  const check = (field: PasswordField) => (_: string, form: PasswordForm) => {
    const found = passwordProblems(form)[field];
    return found ? problemText(found) : true;
  };
  const fieldProps = (field: PasswordField) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${field}-error` : `${field}-help`,
  });

  return (
    <>
      <h1>{t('password.title')}</h1>
      <p className="muted">{t('password.intro')}</p>
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          setOther([]);
          change.reset();
          void handleSubmit((form) => change.mutate(form))(event);
        }}
      >
        <div className={errors.currentPassword ? 'field field-invalid' : 'field'}>
          <label htmlFor="currentPassword">{t('password.current')}</label>
          <input
            id="currentPassword"
            type="password"
            autoComplete="current-password"
            {...fieldProps('currentPassword')}
            {...register('currentPassword', { validate: check('currentPassword') })}
          />
          <FieldMessage id="currentPassword-error" messages={errors.currentPassword?.message} />
        </div>
        <div className={errors.newPassword ? 'field field-invalid' : 'field'}>
          <label htmlFor="newPassword">{t('password.new')}</label>
          <p id="newPassword-help" className="help">
            {t('password.newHelp', { min: PASSWORD_MIN_LENGTH })}
          </p>
          <input
            id="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN_LENGTH}
            {...fieldProps('newPassword')}
            {...register('newPassword', { validate: check('newPassword') })}
          />
          <FieldMessage id="newPassword-error" messages={errors.newPassword?.message} />
        </div>
        <div className={errors.repeatPassword ? 'field field-invalid' : 'field'}>
          <label htmlFor="repeatPassword">{t('password.repeat')}</label>
          <input
            id="repeatPassword"
            type="password"
            autoComplete="new-password"
            {...fieldProps('repeatPassword')}
            {...register('repeatPassword', { validate: check('repeatPassword') })}
          />
          <FieldMessage id="repeatPassword-error" messages={errors.repeatPassword?.message} />
        </div>
        {other.length > 0 && (
          <div className="notice notice-error" role="alert">
            {other.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        )}
        {change.isSuccess && (
          <p className="notice notice-success" role="status">
            {t('password.changed')}
          </p>
        )}
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? t('password.submitting') : t('password.submit')}
        </button>
      </form>
    </>
  );
}
