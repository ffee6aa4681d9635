import { useTranslation } from 'react-i18next';

/** The one-time password of a new account or a reset, shown this once: the API keeps only its hash. */
export function OneTimePassword({
  username,
  password,
  onDone,
}: {
  username: string;
  password: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-success" role="status" aria-live="polite">
      <p>{t('admin.oneTimePasswordFor', { username })}</p>
      <p>
        <code className="one-time-password" data-testid="one-time-password">
          {password}
        </code>
      </p>
      <p className="small">{t('admin.oneTimePasswordNote')}</p>
      <button type="button" className="button-secondary" onClick={onDone}>
        {t('admin.oneTimePasswordDone')}
      </button>
    </div>
  );
}
