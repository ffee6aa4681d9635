import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client';
import type { FormSchema, Task } from '../../api/types';
import { useProblemText } from '../../components/ProblemText';
import {
  fieldProblems,
  fromServerError,
  hasErrors,
  noErrors,
  validateDraft,
  type FormErrors,
} from '../../forms/form-errors';
import { draftFromValues, emptyDraft, toPayload, type AreaRow, type FormDraft } from '../../forms/form-model';
import { parseProblem } from '../../forms/problems';
import { requiredKeys } from '../../forms/required-when';
import {
  confirmationsAsked,
  confirmationsPayload,
  missingReasons,
  type ConfirmationAsked,
} from '../../forms/confirmations';
import { ConfirmationFields } from './ConfirmationFields';
import { AreaField } from './AreaField';
import { cellId, inputId } from './form-ids';
import { ScalarField } from './ScalarField';

interface Snapshot {
  state: Task['status'];
}

/** The element to focus for the first problem: the field, or the cell of the area named. */
function firstInvalidId(form: FormSchema, draft: FormDraft, errors: FormErrors): string | null {
  for (const field of form.fields) {
    if (!field.perArea) {
      if (fieldProblems(errors, field.key).length > 0) return inputId(field.key);
      continue;
    }
    const rows = (draft[field.key] ?? []) as AreaRow[];
    if (fieldProblems(errors, field.key).length > 0) return cellId(field.key, 0, 'value');
    const cells = errors.cells[field.key] ?? {};
    const row = rows.findIndex((r) => (cells[r.area.trim()] ?? []).length > 0);
    if (row >= 0) return cellId(field.key, row, 'value');
  }
  return null;
}

/**
 * The contribution form generated from the step's form schema. The browser checks it with the domain's
 * own rules before sending; the API's 400 (it checks again) comes back onto the same fields.
 */
export function ContributionForm({
  task,
  form,
  previous,
}: {
  task: Task;
  form: FormSchema;
  previous: Record<string, unknown> | null;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const defaultValues = useMemo(
    () => (previous ? draftFromValues(form, previous) : emptyDraft(form)),
    [form, previous],
  );
  const { control, register, handleSubmit } = useForm<FormDraft>({ defaultValues });
  const draft = useWatch({ control }) as FormDraft;
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormErrors | null>(null);
  // A data request's sanity check: the cells whose jump needs a reason, and the reasons typed.
  const [asked, setAsked] = useState<ConfirmationAsked[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [reasonsAttempted, setReasonsAttempted] = useState(false);

  const submit = useMutation({
    mutationFn: (body: { values: Record<string, unknown>; confirmations?: Record<string, string> }) =>
      post<Snapshot>(`/tasks/${task.id}/contribution`, body),
    onSuccess: async (snapshot) => {
      queryClient.setQueryData<Task>(['task', task.id], (old) =>
        old ? { ...old, status: snapshot.state } : old,
      );
      await queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (error) => {
      const badRequest = error instanceof ApiError && error.status === 400;
      const cells = badRequest ? confirmationsAsked(error.body) : [];
      if (cells.length > 0) {
        setAsked(cells);
        setReasonsAttempted(false);
      }
      const found = badRequest
        ? fromServerError(form, error.body)
        : { ...noErrors(), form: [{ path: '', problem: parseProblem(error.message) }] };
      // The cells asking for a reason get their own inputs below; the rest stays where it belongs.
      setServerErrors({ ...found, form: found.form.filter((e) => !e.path.startsWith('confirmations.')) });
    },
  });

  // After a first attempt, the browser's check follows every change; the API's answer stays until the next.
  const clientErrors = useMemo(
    () => (attempted ? validateDraft(form, draft) : noErrors()),
    [attempted, form, draft],
  );
  const errors: FormErrors = serverErrors ?? clientErrors;
  // A field with requiredWhen is marked required while its condition holds (e.g. the pagu of a TERIMA).
  const required = useMemo(() => requiredKeys(form, draft), [form, draft]);

  const onSubmit = (values: FormDraft) => {
    setAttempted(true);
    setServerErrors(null);
    const found = validateDraft(form, values);
    if (hasErrors(found)) {
      const target = firstInvalidId(form, values, found);
      if (target) document.getElementById(target)?.focus();
      return;
    }
    const missing = missingReasons(asked, reasons);
    if (missing.length > 0) {
      setReasonsAttempted(true);
      document.getElementById(`confirm-${asked.findIndex((a) => a.cell === missing[0])}`)?.focus();
      return;
    }
    const confirmations = confirmationsPayload(asked, reasons);
    submit.mutate({ values: toPayload(form, values), ...(confirmations ? { confirmations } : {}) });
  };

  const failed = hasErrors(errors);
  return (
    <section className="card" aria-labelledby="contribution-title">
      <h2 id="contribution-title">{t('task.form')}</h2>
      <p className="help">{t('task.formHelp')}</p>
      {failed && (
        <div className="notice notice-error" role="alert">
          <p>{t('task.fixErrors')}</p>
          {errors.form.length > 0 && (
            <ul>
              {errors.form.map((e, i) => (
                <li key={i}>{e.path ? `${e.path}: ${problemText(e.problem)}` : problemText(e.problem)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
        {form.fields.map((field) =>
          field.perArea ? (
            <AreaField
              key={field.key}
              field={field}
              control={control}
              register={register}
              errors={errors}
              rows={(draft[field.key] ?? []) as AreaRow[]}
            />
          ) : (
            <ScalarField
              key={field.key}
              field={required.has(field.key) === field.required ? field : { ...field, required: true }}
              register={register}
              problems={fieldProblems(errors, field.key)}
            />
          ),
        )}
        {asked.length > 0 && (
          <ConfirmationFields
            asked={asked}
            reasons={reasons}
            showMissing={reasonsAttempted}
            onChange={(cell, reason) => setReasons((old) => ({ ...old, [cell]: reason }))}
          />
        )}
        <button type="submit" disabled={submit.isPending}>
          {submit.isPending ? t('task.submitting') : t('task.submit')}
        </button>
      </form>
    </section>
  );
}
