import { useTranslation } from 'react-i18next';
import type { Problem } from '../forms/problems';

/** A rule's message in the user's language (the API's English text when the app does not know it). */
export function useProblemText(): (problem: Problem) => string {
  const { t } = useTranslation();
  return (problem) => t(`problem.${problem.code}`, { ...problem.params, defaultValue: problem.text });
}
