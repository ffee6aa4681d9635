import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorNotice } from '../../components/QueryState';
import { AdminTabs } from './AdminTabs';
import { downloadTemplate, uploadImport, type RowProblem } from './admin-api';

/**
 * Bulk onboarding: upload a CSV or XLSX sheet. All rows or none are imported; a refused sheet comes back
 * with a row-by-row report, an accepted one with each account's one-time password, shown this once.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (sheet: File) => uploadImport(sheet),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
  const template = useMutation({ mutationFn: downloadTemplate });
  const report: RowProblem[] =
    upload.error instanceof ApiError && upload.error.status === 400
      ? ((upload.error.body as { rows?: RowProblem[] } | undefined)?.rows ?? [])
      : [];
  return (
    <>
      <h1>{t('admin.importTitle')}</h1>
      <AdminTabs />
      <section className="card card-action" aria-labelledby="import-title">
        <h2 id="import-title">{t('admin.importUpload')}</h2>
        <p className="muted">{t('admin.importIntro')}</p>
        <p>
          <button type="button" className="button-link" onClick={() => template.mutate()}>
            {t('admin.importTemplate')}
          </button>
        </p>
        {template.isError && <ErrorNotice error={template.error} />}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <div className="field">
            <label htmlFor="import-file">{t('admin.importFile')}</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={!file || upload.isPending}>
              {upload.isPending ? t('common.sending') : t('admin.importSubmit')}
            </button>
          </div>
        </form>
      </section>
      {report.length > 0 && (
        <section className="card card-danger" aria-labelledby="import-report-title" role="alert">
          <h2 id="import-report-title">{t('admin.importRefused', { count: report.length })}</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.importRow')}</th>
                  <th scope="col">{t('admin.importColumn')}</th>
                  <th scope="col">{t('admin.importProblem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.map((p, i) => (
                  <tr key={i}>
                    <td className="num">{p.row > 0 ? p.row : t('common.none')}</td>
                    <td>{p.column}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {upload.isError && report.length === 0 && <ErrorNotice error={upload.error} />}
      {upload.data && (
        <section className="card" aria-labelledby="import-done-title">
          <h2 id="import-done-title">{t('admin.importDone', { count: upload.data.imported })}</h2>
          <p className="notice notice-warning">{t('admin.oneTimePasswordNote')}</p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.username')}</th>
                  <th scope="col">{t('admin.fullName')}</th>
                  <th scope="col">{t('admin.agency')}</th>
                  <th scope="col">{t('admin.oneTimePassword')}</th>
                </tr>
              </thead>
              <tbody>
                {upload.data.users.map((u) => (
                  <tr key={u.id}>
                    <td>{u.username}</td>
                    <td>{u.fullName}</td>
                    <td>{u.agencyCode}</td>
                    <td>
                      <code>{u.oneTimePassword}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
