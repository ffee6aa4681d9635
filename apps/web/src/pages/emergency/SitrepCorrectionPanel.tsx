import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areaName } from '@gotong/domain/region';
import { api, post } from '../../api/client';
import { ErrorNotice } from '../../components/QueryState';
import {
  correctionDraft,
  correctionValues,
  latestSitrepOf,
  type CorrectionDraft,
  type SentSitrep,
} from '../../emergency/correction';
import { isSitrepField } from '../../emergency/incident-model';
import { timelineText } from '../../emergency/timeline';

/**
 * Staff of a mobilised OPD correct their OPD's latest sent sitrep, with a reason
 * (POST /incidents/:id/sitreps/:taskId/corrections; the API names any problem).
 */
export function SitrepCorrectionPanel({
  incidentId,
  agencyCode,
}: {
  incidentId: string;
  agencyCode: string;
}) {
  const { t, i18n } = useTranslation();
  const text = (key: Parameters<typeof timelineText>[1]) => timelineText(i18n.language, key);
  const sitreps = useQuery({
    queryKey: ['incident', incidentId, 'sitreps'],
    queryFn: () => api<{ sitreps: SentSitrep[] }>(`/incidents/${incidentId}/sitreps`),
  });
  const latest = sitreps.data ? latestSitrepOf(sitreps.data.sitreps, agencyCode) : null;
  if (!latest) return null;
  return (
    <section className="card card-action" aria-labelledby="correction-title">
      <h2 id="correction-title">{text('correct')}</h2>
      <p className="muted small">{text('correctHelp')}</p>
      <p className="small">{latest.task.title}</p>
      <CorrectionForm
        key={`${latest.task.id}-${latest.submittedAt}`}
        incidentId={incidentId}
        sitrep={latest}
        fieldLabel={(field) => (isSitrepField(field) ? t(`sitrepField.${field}`) : field)}
      />
    </section>
  );
}

function CorrectionForm({
  incidentId,
  sitrep,
  fieldLabel,
}: {
  incidentId: string;
  sitrep: SentSitrep;
  fieldLabel: (field: string) => string;
}) {
  const { i18n } = useTranslation();
  const text = (key: Parameters<typeof timelineText>[1]) => timelineText(i18n.language, key);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<CorrectionDraft>(() => correctionDraft(sitrep.values));
  const [reason, setReason] = useState('');
  const correct = useMutation({
    mutationFn: () =>
      post(`/incidents/${incidentId}/sitreps/${sitrep.task.id}/corrections`, {
        values: correctionValues(draft),
        reason,
      }),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
    },
  });
  const setFigure = (index: number, value: string) =>
    setDraft((d) => ({ ...d, figures: d.figures.map((f, i) => (i === index ? { ...f, value } : f)) }));
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        correct.mutate();
      }}
    >
      {draft.figures.map((figure, index) => {
        const id = `correction-${figure.field}-${figure.desaCode}`.replace(/\./g, '-');
        return (
          <div className="field" key={id}>
            <label htmlFor={id}>
              {fieldLabel(figure.field)} — {areaName(figure.desaCode) ?? figure.desaCode} ({figure.desaCode})
            </label>
            <input
              id={id}
              type="number"
              min={0}
              step={1}
              value={figure.value}
              onChange={(e) => setFigure(index, e.target.value)}
            />
          </div>
        );
      })}
      <div className="field">
        <label htmlFor="correction-narasi">{text('narasi')}</label>
        <textarea
          id="correction-narasi"
          value={draft.narasi}
          onChange={(e) => setDraft((d) => ({ ...d, narasi: e.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor="correction-reason">{text('correctReason')}</label>
        <input id="correction-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" disabled={correct.isPending}>
        {text('correctSend')}
      </button>
      {correct.isSuccess && <p role="status">{text('corrected')}</p>}
      {correct.error && <ErrorNotice error={correct.error} />}
    </form>
  );
}
