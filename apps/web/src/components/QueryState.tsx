import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/error-text';
import { parseProblem } from '../forms/problems';
import { useProblemText } from './ProblemText';

/** Loading and error states of a query, the same everywhere; renders children with the data. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}

/**
 * A failed call in the user's language: what happened by kind (errors.*), then the API's details, each
 * translated where the app knows the rule (problem.*) and as the API said it otherwise.
 */
export function ErrorNotice({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const { kind, details, retryAfter } = describeError(error);
  return (
    <div className="notice notice-error" role="alert">
      <p>
        {t(`errors.${kind}`)}
        {retryAfter !== null && ` ${t('errors.retryAfter', { count: retryAfter })}`}
      </p>
      {details.length > 0 && (
        <ul className="error-details">
          {details.map((detail) => (
            <li key={detail}>{problemText(parseProblem(detail))}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
