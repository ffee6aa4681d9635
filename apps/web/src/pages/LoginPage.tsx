import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { describeError } from '../api/error-text';
import { useAuth } from '../auth/AuthProvider';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { FieldMessage } from '../components/FieldMessage';
import { useCitizenTexts } from '../citizen/texts';

interface Credentials {
  username: string;
  password: string;
}

/** Only same-app paths are followed after signing in (no open redirect). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const citizen = useCitizenTexts();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Credentials>({ defaultValues: { username: '', password: '' } });

  if (user) return <Navigate to={safeNext(params.get('next')) ?? '/'} replace />;

  const onSubmit = async ({ username, password }: Credentials) => {
    setFailure(null);
    try {
      await login(username.trim(), password);
      await navigate(safeNext(params.get('next')) ?? '/', { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setFailure(t('login.wrong'));
      else if (error instanceof ApiError && error.status === 429)
        setFailure(
          error.retryAfter
            ? t('login.tooManyWait', { minutes: Math.max(1, Math.ceil(error.retryAfter / 60)) })
            : t('login.tooMany'),
        );
      else setFailure(t('login.failed', { message: t(`errors.${describeError(error).kind}`) }));
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <div className="login-top">
          <p className="brand-name">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
          <div className="field">
            <label htmlFor="username">{t('login.username')}</label>
            <input
              id="username"
              autoComplete="username"
              autoCapitalize="none"
              aria-invalid={errors.username ? true : undefined}
              aria-describedby={errors.username ? 'username-error' : undefined}
              {...register('username', { validate: (v) => v.trim() !== '' || t('login.usernameRequired') })}
            />
            <FieldMessage id="username-error" messages={errors.username?.message} />
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? 'password-error' : undefined}
              {...register('password', { required: t('login.passwordRequired') })}
            />
            <FieldMessage id="password-error" messages={errors.password?.message} />
          </div>
          {failure && (
            <p className="notice notice-error" role="alert">
              {failure}
            </p>
          )}
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="login-public">
          <Link to="/data-publik">{t('publicData.link')}</Link>
        </p>
        <p className="login-public">
          <Link to="/lapor">{citizen.shell.report}</Link> ·{' '}
          <Link to="/lapor/lacak">{citizen.shell.track}</Link> ·{' '}
          <Link to="/transparansi">{citizen.shell.transparency}</Link>
        </p>
      </div>
    </main>
  );
}
