import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SitrepConflict } from '@gotong/domain/emergency';
import { post } from '../../api/client';
import { ErrorNotice } from '../../components/QueryState';
import { timelineText } from '../../emergency/timeline';

const VERIFIED = '';

/**
 * The command sets the figure a conflicting desa and field counts with: one OPD's figure, or a verified
 * figure with a note (POST /incidents/:id/conflicts/resolve; the API names any problem).
 */
export function ResolveConflictForm({
  incidentId,
  conflict,
}: {
  incidentId: string;
  conflict: SitrepConflict;
}) {
  const { i18n } = useTranslation();
  const text = (key: Parameters<typeof timelineText>[1]) => timelineText(i18n.language, key);
  const queryClient = useQueryClient();
  const [agencyCode, setAgencyCode] = useState<string>(conflict.reports[0]?.agencyCode ?? VERIFIED);
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const id = `resolve-${conflict.desaCode}-${conflict.field}`.replace(/\./g, '-');
  const resolve = useMutation({
    mutationFn: () =>
      post(`/incidents/${incidentId}/conflicts/resolve`, {
        desaCode: conflict.desaCode,
        field: conflict.field,
        ...(agencyCode === VERIFIED ? { value: Number(value) } : { agencyCode }),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['incident', incidentId] }),
  });
  return (
    <form
      className="inline-form"
      noValidate
      aria-label={`${text('resolve')} ${conflict.desaCode} ${conflict.field}`}
      onSubmit={(event) => {
        event.preventDefault();
        resolve.mutate();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-pick`}>{text('pick')}</label>
        <select id={`${id}-pick`} value={agencyCode} onChange={(e) => setAgencyCode(e.target.value)}>
          {conflict.reports.map((r) => (
            <option key={r.agencyCode} value={r.agencyCode}>
              {r.agencyCode}: {r.value}
            </option>
          ))}
          <option value={VERIFIED}>{text('verified')}</option>
        </select>
      </div>
      {agencyCode === VERIFIED && (
        <div className="field">
          <label htmlFor={`${id}-value`}>{text('value')}</label>
          <input
            id={`${id}-value`}
            type="number"
            min={0}
            step={1}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{text('note')}</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" disabled={resolve.isPending}>
        {text('resolve')}
      </button>
      {resolve.error && <ErrorNotice error={resolve.error} />}
    </form>
  );
}
