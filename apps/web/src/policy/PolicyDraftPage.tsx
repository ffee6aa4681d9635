import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { ATTACHMENT_ACCEPT, downloadAttachment } from '../comments/comments-api';
import { CommentThread } from '../comments/CommentThread';
import { FieldMessage } from '../components/FieldMessage';
import { ErrorNotice, QueryState } from '../components/QueryState';
import { currentLang } from '../i18n';
import { formatDayTime, uploadVersion, useDraft, useTimeline, type PolicyDraftDetail } from './policy-api';
import { usePolicyTexts } from './texts';

/**
 * One draft: its versions with their documents, the paraf grid (reviewer OPD × version), the sign-offs, the
 * drafting OPD's form for a new version, the Sekda's or Bupati's decision, the discussion (comments on the
 * draft's project) and the timeline of who initialled which version. The review itself is a task in each
 * reviewer OPD's inbox.
 */
export function PolicyDraftPage() {
  const { id = '' } = useParams();
  const draft = useDraft(id);
  return (
    <QueryState query={draft}>
      {(d) => (
        <>
          <DraftHeader draft={d} />
          <Versions draft={d} />
          <ParafGrid draft={d} />
          <SignOffs draft={d} />
          {d.permissions.uploadVersion && <NewVersionForm draft={d} />}
          {d.permissions.signOff && <SignOffForm draft={d} />}
          <Timeline id={d.id} />
          <CommentThread subject="projects" id={d.projectId} />
        </>
      )}
    </QueryState>
  );
}

function useLang() {
  const { i18n } = useTranslation();
  return currentLang(i18n.language);
}

function DraftHeader({ draft }: { draft: PolicyDraftDetail }) {
  const text = usePolicyTexts();
  return (
    <>
      <h1>{draft.title}</h1>
      <dl className="details">
        <div>
          <dt>{text.list.kindCol}</dt>
          <dd>{text.kind[draft.kind]}</dd>
        </div>
        <div>
          <dt>{text.draft.drafting}</dt>
          <dd>
            {draft.draftingAgency.code} — {draft.draftingAgency.name}
          </dd>
        </div>
        <div>
          <dt>{text.draft.createdBy}</dt>
          <dd>{draft.createdBy.fullName}</dd>
        </div>
        <div>
          <dt>{text.draft.status}</dt>
          <dd data-testid="policy-status">{text.status[draft.status]}</dd>
        </div>
      </dl>
      {draft.description && <p className="pre-wrap">{draft.description}</p>}
    </>
  );
}

function Versions({ draft }: { draft: PolicyDraftDetail }) {
  const text = usePolicyTexts();
  const lang = useLang();
  const download = useMutation({ mutationFn: downloadAttachment });
  return (
    <section className="card" aria-labelledby="policy-versions">
      <h2 id="policy-versions">{text.draft.versions}</h2>
      <ol style={{ paddingLeft: '1.2rem' }}>
        {draft.versions.map((v) => (
          <li key={v.number}>
            <strong>{text.draft.version(v.number)}</strong> · {v.attachment.fileName} ·{' '}
            {text.draft.uploadedBy} {v.uploadedBy.fullName}, {formatDayTime(v.uploadedAt, lang)}{' '}
            <button
              type="button"
              className="button-secondary"
              onClick={() =>
                download.mutate({ ...v.attachment, sha256: '', hasThumbnail: false, createdAt: '' })
              }
            >
              {text.draft.download}
            </button>
            {v.note && (
              <p className="muted small">
                {text.draft.note}: {v.note}
              </p>
            )}
          </li>
        ))}
      </ol>
      {download.isError && <ErrorNotice error={download.error} />}
    </section>
  );
}

/** Reviewer OPD × version: who initialled or returned which version, and when. */
function ParafGrid({ draft }: { draft: PolicyDraftDetail }) {
  const text = usePolicyTexts();
  const lang = useLang();
  const versions = draft.versions.map((v) => v.number);
  if (versions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="policy-grid">
      <h2 id="policy-grid">{text.draft.grid}</h2>
      <div className="table-scroll">
        <table data-testid="paraf-grid">
          <caption className="visually-hidden">{text.draft.gridCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{text.draft.reviewer}</th>
              {versions.map((n) => (
                <th scope="col" key={n}>
                  {text.draft.version(n)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.reviewers.map(({ agency }) => (
              <tr key={agency.code} data-reviewer={agency.code}>
                <th scope="row">{agency.code}</th>
                {versions.map((n) => {
                  const p = draft.parafs.find((x) => x.version === n && x.agency.code === agency.code);
                  return (
                    <td key={n} data-version={n}>
                      {!p
                        ? '—'
                        : p.decision
                          ? `${text.decision[p.decision]}: ${p.byUser?.fullName ?? ''}, ${formatDayTime(p.decidedAt!, lang)}`
                          : p.closedAt
                            ? text.draft.closed
                            : text.draft.pending}
                      {p?.comment && <div className="muted small pre-wrap">{p.comment}</div>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SignOffs({ draft }: { draft: PolicyDraftDetail }) {
  const text = usePolicyTexts();
  const lang = useLang();
  if (draft.signOffs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="policy-sign-offs">
      <h2 id="policy-sign-offs">{text.draft.signOffs}</h2>
      <ul>
        {draft.signOffs.map((s, i) => (
          <li key={i}>
            {text.draft.office[s.office]} (
            {s.actingTitle === 'PLT' ? 'Plt. ' : s.actingTitle === 'PLH' ? 'Plh. ' : ''}
            {s.byUser.fullName}): {s.decision === 'SIGNED' ? text.draft.signed : text.draft.returned}{' '}
            {text.draft.version(s.version)}, {formatDayTime(s.at, lang)}
            {s.note && <span className="muted"> — {s.note}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewVersionForm({ draft }: { draft: PolicyDraftDetail }) {
  const text = usePolicyTexts();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const upload = useMutation({
    mutationFn: () => uploadVersion(draft, draft.currentVersion + 1, file!, note),
    onSuccess: async () => {
      setFile(null);
      setNote('');
      setTouched(false);
      await queryClient.invalidateQueries({ queryKey: ['policy-drafts'] });
      await queryClient.invalidateQueries({ queryKey: ['comments', 'projects', draft.projectId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (file) upload.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="policy-new-version">
      <h2 id="policy-new-version">{text.draft.newVersion}</h2>
      <label htmlFor="policy-version-file">
        {text.create.file.replace('1', String(draft.currentVersion + 1))}
      </label>
      <input
        id="policy-version-file"
        type="file"
        accept={ATTACHMENT_ACCEPT}
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        aria-describedby="policy-version-file-problem"
      />
      <FieldMessage
        id="policy-version-file-problem"
        messages={touched && !file ? text.create.fileRequired : undefined}
      />
      <label htmlFor="policy-version-note">{text.draft.newVersionNote}</label>
      <textarea
        id="policy-version-note"
        value={note}
        maxLength={2000}
        onChange={(e) => setNote(e.target.value)}
      />
      {upload.isError && <ErrorNotice error={upload.error} />}
      <button type="submit" disabled={upload.isPending}>
        {upload.isPending ? text.create.sending : text.draft.upload}
      </button>
    </form>
  );
}

function SignOffForm({ draft }: { draft: PolicyDraftDetail }) {
  const text = usePolicyTexts();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [missingNote, setMissingNote] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: 'SIGNED' | 'RETURNED') =>
      post(`/policy-drafts/${draft.id}/sign-off`, {
        decision,
        ...(note.trim() !== '' ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['policy-drafts'] });
    },
  });
  const choose = (decision: 'SIGNED' | 'RETURNED') => {
    const missing = decision === 'RETURNED' && note.trim() === '';
    setMissingNote(missing);
    if (!missing) decide.mutate(decision);
  };
  return (
    <section className="card" aria-labelledby="policy-sign-off">
      <h2 id="policy-sign-off">
        {text.draft.signOffTitle} ({draft.awaiting ? text.draft.office[draft.awaiting] : ''})
      </h2>
      <label htmlFor="policy-sign-off-note">{text.draft.signOffNote}</label>
      <textarea
        id="policy-sign-off-note"
        value={note}
        maxLength={2000}
        onChange={(e) => setNote(e.target.value)}
        aria-describedby="policy-sign-off-note-problem"
      />
      <FieldMessage
        id="policy-sign-off-note-problem"
        messages={missingNote ? text.draft.noteRequired : undefined}
      />
      {decide.isError && <ErrorNotice error={decide.error} />}
      <div className="actions">
        <button type="button" disabled={decide.isPending} onClick={() => choose('SIGNED')}>
          {text.draft.sign}
        </button>{' '}
        <button
          type="button"
          className="button-secondary"
          disabled={decide.isPending}
          onClick={() => choose('RETURNED')}
        >
          {text.draft.returnIt}
        </button>
      </div>
    </section>
  );
}

function Timeline({ id }: { id: string }) {
  const text = usePolicyTexts();
  const lang = useLang();
  const timeline = useTimeline(id);
  return (
    <section className="card" aria-labelledby="policy-timeline">
      <h2 id="policy-timeline">{text.draft.timeline}</h2>
      <QueryState query={timeline}>
        {({ entries }) => (
          <ol className="timeline" data-testid="policy-timeline">
            {entries.map((e, i) => (
              <li key={i}>
                <span className="muted small">{formatDayTime(e.at, lang)}</span> —{' '}
                {e.user?.fullName ?? (e.office ? text.draft.office[e.office] : '')}
                {e.agency ? ` (${e.agency.code})` : ''} {text.timeline[e.kind]}
                {e.version !== null ? ` ${e.version}` : ''}
                {e.note && <span className="muted"> — {e.note}</span>}
              </li>
            ))}
          </ol>
        )}
      </QueryState>
    </section>
  );
}
