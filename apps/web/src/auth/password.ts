/**
 * The change-password form's rules, as the API checks them (POST /auth/password): the new password is at
 * least PASSWORD_MIN_LENGTH characters and not the current one; the repeat must match. Pure.
 */

/** The API's minimum (apps/api/src/auth/auth.service.ts). */
export const PASSWORD_MIN_LENGTH = 10;

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeatPassword: string;
}

export type PasswordField = keyof PasswordForm;
export type PasswordProblem = 'currentRequired' | 'currentWrong' | 'tooShort' | 'sameAsCurrent' | 'mismatch';

/** What is wrong with the form before anything is sent, by field. */
export function passwordProblems(form: PasswordForm): Partial<Record<PasswordField, PasswordProblem>> {
  const problems: Partial<Record<PasswordField, PasswordProblem>> = {};
  if (form.currentPassword === '') problems.currentPassword = 'currentRequired';
  if (form.newPassword.length < PASSWORD_MIN_LENGTH) problems.newPassword = 'tooShort';
  else if (form.newPassword === form.currentPassword) problems.newPassword = 'sameAsCurrent';
  if (form.repeatPassword !== form.newPassword) problems.repeatPassword = 'mismatch';
  return problems;
}

/**
 * Places the API's 400 lines ("currentPassword: is not the current password", "newPassword: must be at
 * least 10 characters long", …) on the form's fields; lines it does not know are returned as `other`.
 */
export function problemsFromApi(messages: readonly string[]): {
  fields: Partial<Record<PasswordField, PasswordProblem>>;
  other: string[];
} {
  const fields: Partial<Record<PasswordField, PasswordProblem>> = {};
  const other: string[] = [];
  for (const line of messages) {
    if (/^currentPassword\b/.test(line))
      fields.currentPassword = /wrong|not the current/.test(line) ? 'currentWrong' : 'currentRequired';
    else if (/^newPassword\b.*(least|short|longer)/.test(line)) fields.newPassword = 'tooShort';
    else if (/^newPassword\b.*differ/.test(line)) fields.newPassword = 'sameAsCurrent';
    else other.push(line);
  }
  return { fields, other };
}
