import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, post } from '../api/client';
import type { Agency } from '../api/types';
import { useUser } from '../auth/AuthProvider';
import { ATTACHMENT_ACCEPT } from '../comments/comments-api';
import { FieldMessage } from '../components/FieldMessage';
import { ErrorNotice } from '../components/QueryState';
import { POLICY_KINDS, uploadVersion, type PolicyKind } from './policy-api';
import { usePolicyTexts } from './texts';

const LEGAL_SECTION = 'SETDA-HUKUM';

/**
 * A new draft: kind, title, the reviewer OPDs (the legal section is always added) and the first version's
 * document. The draft is created, then the file is attached to a comment on its project and sent as version 1.
 */
export function NewPolicyDraftPage() {
  const text = usePolicyTexts();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
  const [kind, setKind] = useState<PolicyKind>('PERBUP');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [reviewers, setReviewers] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [touched, setTouched] = useState(false);

  const create = useMutation({
    mutationFn: async () => {
      const draft = await post<{ id: string; projectId: string }>('/policy-drafts', {
        kind,
        title: title.trim(),
        ...(description.trim() !== '' ? { description: description.trim() } : {}),
        reviewers,
      });
      await uploadVersion(draft, 1, file!, '');
      return draft;
    },
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: ['policy-drafts'] });
      await navigate(`/policy/${draft.id}`);
    },
  });

  const titleProblem = title.trim() === '' ? text.create.titleRequired : null;
  const fileProblem = file === null ? text.create.fileRequired : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (titleProblem || fileProblem) return;
    create.mutate();
  };
  const choices = (agencies.data ?? []).filter(
    (a) => a.kind !== 'KECAMATAN' && a.code !== user.agencyCode && a.code !== LEGAL_SECTION && a.active,
  );

  return (
    <>
      <h1>{text.create.title}</h1>
      <form className="card" onSubmit={submit} noValidate>
        <label htmlFor="policy-kind">{text.create.kind}</label>
        <select id="policy-kind" value={kind} onChange={(e) => setKind(e.target.value as PolicyKind)}>
          {POLICY_KINDS.map((k) => (
            <option key={k} value={k}>
              {text.kind[k]}
            </option>
          ))}
        </select>

        <label htmlFor="policy-title">{text.create.titleField}</label>
        <input
          id="policy-title"
          value={title}
          maxLength={300}
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={touched && titleProblem !== null}
          aria-describedby="policy-title-problem"
        />
        <FieldMessage
          id="policy-title-problem"
          messages={touched && titleProblem ? titleProblem : undefined}
        />

        <label htmlFor="policy-description">{text.create.description}</label>
        <textarea
          id="policy-description"
          value={description}
          maxLength={4000}
          onChange={(e) => setDescription(e.target.value)}
        />

        <fieldset>
          <legend>{text.create.reviewers}</legend>
          <p className="muted small">{text.create.reviewersHelp}</p>
          {choices.map((a) => (
            <label key={a.code} className="checkbox">
              <input
                type="checkbox"
                name="reviewers"
                value={a.code}
                checked={reviewers.includes(a.code)}
                onChange={(e) =>
                  setReviewers((now) =>
                    e.target.checked ? [...now, a.code] : now.filter((c) => c !== a.code),
                  )
                }
              />{' '}
              {a.code} — {a.name}
            </label>
          ))}
        </fieldset>

        <label htmlFor="policy-file">{text.create.file}</label>
        <input
          id="policy-file"
          type="file"
          accept={ATTACHMENT_ACCEPT}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-invalid={touched && fileProblem !== null}
          aria-describedby="policy-file-problem"
        />
        <FieldMessage id="policy-file-problem" messages={touched && fileProblem ? fileProblem : undefined} />

        {create.isError && <ErrorNotice error={create.error} />}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? text.create.sending : text.create.submit}
        </button>
      </form>
    </>
  );
}
