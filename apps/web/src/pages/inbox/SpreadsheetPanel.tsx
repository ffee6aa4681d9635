import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, authHeader, UNAUTHORIZED_EVENT } from '../../api/client';
import type { Task } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';

interface CellProblem {
  row: number;
  column: string;
  message: string;
}

/** Downloads the task's XLSX template with the bearer token (a plain link would carry none). */
async function downloadTemplate(taskId: string): Promise<void> {
  const response = await fetch(`/tasks/${taskId}/template.xlsx`, { headers: authHeader() });
  if (!response.ok) throw new ApiError(response.status, await response.text());
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = 'gotong-isian.xlsx';
  link.click();
  URL.revokeObjectURL(url);
}

/** Uploads the filled sheet (multipart, so not through api(), which speaks JSON). */
async function uploadSheet(taskId: string, file: File): Promise<{ state: Task['status']; cells: number }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/tasks/${taskId}/spreadsheet`, {
    method: 'POST',
    headers: authHeader(),
    body: form,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(response.status, parsed);
  }
  return parsed as { state: Task['status']; cells: number };
}

function cellProblems(error: unknown): CellProblem[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const rows = (error.body as { rows?: unknown } | undefined)?.rows;
  return Array.isArray(rows) ? (rows as CellProblem[]) : [];
}

/**
 * Spreadsheet in, beside the web form: the task's XLSX template (one row per area, one column per field) and the
 * upload of the filled sheet, submitted as the form would be. A refused sheet lists every bad cell by row and
 * column; nothing of it is saved.
 */
export function SpreadsheetPanel({ task }: { task: Task }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const download = useMutation({ mutationFn: () => downloadTemplate(task.id) });
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadSheet(task.id, chosen),
    onSuccess: async (snapshot) => {
      queryClient.setQueryData<Task>(['task', task.id], (old) =>
        old ? { ...old, status: snapshot.state } : old,
      );
      await queryClient.invalidateQueries({ queryKey: ['task', task.id] });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
  const problems = cellProblems(upload.error);
  return (
    <section className="card" aria-labelledby="sheet-title">
      <h2 id="sheet-title">{t('sheet.title')}</h2>
      <p className="help">{t('sheet.help')}</p>
      <p className="actions">
        <button
          type="button"
          className="button-secondary"
          onClick={() => download.mutate()}
          disabled={download.isPending}
        >
          {t('sheet.download')}
        </button>
      </p>
      {download.error && <ErrorNotice error={download.error} />}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!file) {
            setMissingFile(true);
            return;
          }
          setMissingFile(false);
          upload.mutate(file);
        }}
      >
        <div className={missingFile ? 'field field-invalid' : 'field'}>
          <label htmlFor="sheet-file">{t('sheet.file')}</label>
          <input
            id="sheet-file"
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-invalid={missingFile ? true : undefined}
            aria-describedby={missingFile ? 'sheet-file-error' : undefined}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <FieldMessage id="sheet-file-error" messages={missingFile ? t('sheet.chooseFile') : undefined} />
        </div>
        <button type="submit" disabled={upload.isPending}>
          {upload.isPending ? t('sheet.uploading') : t('sheet.upload')}
        </button>
      </form>
      {problems.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <p>{t('sheet.refused')}</p>
          <div className="table-wrap">
            <table className="table" data-testid="sheet-problems">
              <thead>
                <tr>
                  <th scope="col">{t('sheet.row')}</th>
                  <th scope="col">{t('sheet.column')}</th>
                  <th scope="col">{t('sheet.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.row > 0 ? p.row : t('sheet.whole')}</td>
                    <td>{p.column}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : (
        upload.error && <ErrorNotice error={upload.error} />
      )}
    </section>
  );
}
