import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KECAMATAN_AREAS, villagesOf } from '@gotong/domain/region';
import { ErrorNotice, QueryState } from '../components/QueryState';
import { FieldMessage } from '../components/FieldMessage';
import { currentLang } from '../i18n';
import { formatDayWib } from './format';
import { fileReport, newChallenge, publicCategories } from './public-api';
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  draftProblems,
  EMPTY_DRAFT,
  firstProblemField,
  hasProblems,
  PHOTO_MAX_BYTES,
  photoProblem,
  REPORTER_FIELD_MAX,
  reportFormData,
  serverProblems,
  type ReportDraft,
  type ReportField,
  type ReportProblems,
} from './report-form';
import { PublicShell } from './PublicShell';
import { problemText, useCitizenTexts } from './texts';
import type { FiledReport, PublicCategory } from './types';

const MB = 1024 * 1024;
const CHALLENGE_KEY = ['public', 'report-challenge'];

/** The ids of the form's inputs, by field: the first problem's input gets the focus. */
const INPUT_ID: Record<ReportField, string> = {
  category: 'lapor-category',
  kecamatan: 'lapor-kecamatan',
  desaCode: 'lapor-desa',
  description: 'lapor-description',
  photo: 'lapor-photo',
  reporterName: 'lapor-name',
  reporterContact: 'lapor-contact',
  challengeAnswer: 'lapor-answer',
};

/** The fields with a help text under their label (aria-describedby names it). */
const WITH_HELP: readonly ReportField[] = ['category', 'description', 'photo', 'challengeAnswer'];

/** A data: URL of a chosen photo (the app's content security policy allows data: images, not blob:). */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the photo'));
    reader.readAsDataURL(file);
  });
}

/**
 * Lapor: a citizen reports a problem without signing in (in the spirit of SP4N-LAPOR!): category, kecamatan then
 * desa, description, an optional photo (previewed, its size checked before sending with the API's limit), an
 * optional name and contact (who sees them is said beside them), the security question, then the tracking number
 * shown large with a copy button and the first response's due date.
 */
export function ReportPage() {
  const texts = useCitizenTexts();
  const [filed, setFiled] = useState<FiledReport | null>(null);
  return (
    <PublicShell>
      {filed ? (
        <Filed filed={filed} onAnother={() => setFiled(null)} />
      ) : (
        <>
          <h1>{texts.report.title}</h1>
          <p className="muted">{texts.report.intro}</p>
          <ReportForm onFiled={setFiled} />
        </>
      )}
    </PublicShell>
  );
}

function ReportForm({ onFiled }: { onFiled: (filed: FiledReport) => void }) {
  const texts = useCitizenTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: ['public', 'report-categories'], queryFn: publicCategories });
  const challenge = useQuery({
    queryKey: CHALLENGE_KEY,
    queryFn: newChallenge,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const [draft, setDraft] = useState<ReportDraft>(EMPTY_DRAFT);
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problems, setProblems] = useState<ReportProblems>({});
  const photoInput = useRef<HTMLInputElement>(null);

  const focusFirst = (found: ReportProblems) => {
    const field = firstProblemField(found);
    if (field) document.getElementById(INPUT_ID[field])?.focus();
  };

  const send = useMutation({
    mutationFn: (token: string) => fileReport(reportFormData(draft, token, photo)),
    onSuccess: (result) => {
      // The question is used up: another report gets a new one.
      queryClient.removeQueries({ queryKey: CHALLENGE_KEY });
      onFiled(result);
    },
    onError: (error) => {
      // The token may be spent (a wrong answer uses it up): a new question, and the answer typed again.
      setDraft((old) => ({ ...old, challengeAnswer: '' }));
      void challenge.refetch();
      const found = serverProblems(error);
      setProblems(found);
      focusFirst(found);
    },
  });

  const change = (next: Partial<ReportDraft>) => {
    setDraft((old) => ({ ...old, ...next }));
    const cleared = Object.keys(next) as ReportField[];
    setProblems((old) => {
      const rest = { ...old };
      for (const field of cleared) delete rest[field];
      if (cleared.includes('kecamatan')) delete rest.desaCode;
      return rest;
    });
  };

  const choosePhoto = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0] ?? null;
    setPhoto(file);
    setPreview(null);
    change({ photo: file ? { name: file.name, size: file.size, type: file.type } : null });
    if (!file) return;
    const problem = photoProblem(file);
    if (problem) {
      setProblems((old) => ({ ...old, photo: problem }));
      return;
    }
    setPreview(await readAsDataUrl(file));
  };

  const removePhoto = () => {
    setPhoto(null);
    setPreview(null);
    change({ photo: null });
    if (photoInput.current) photoInput.current.value = '';
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    if (hasProblems(found)) {
      focusFirst(found);
      return;
    }
    if (challenge.data) send.mutate(challenge.data.token);
  };

  const field = (name: ReportField) => ({
    id: INPUT_ID[name],
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby':
      [
        WITH_HELP.includes(name) ? `${INPUT_ID[name]}-help` : '',
        problems[name] ? `${INPUT_ID[name]}-error` : '',
      ]
        .filter(Boolean)
        .join(' ') || undefined,
  });
  const message = (name: ReportField) => {
    const problem = problems[name];
    return <FieldMessage id={`${INPUT_ID[name]}-error`} messages={problem && problemText(texts, problem)} />;
  };
  const wrap = (name: ReportField) => (problems[name] ? 'field field-invalid' : 'field');
  const categoryOf = (code: string): PublicCategory | undefined =>
    categories.data?.find((c) => c.code === code);
  const chosen = categoryOf(draft.category);
  const serverOnly = send.error && !hasProblems(serverProblems(send.error));

  return (
    <form className="card citizen-form" noValidate onSubmit={onSubmit} aria-label={texts.report.title}>
      {hasProblems(problems) && (
        <p className="notice notice-error" role="alert">
          {texts.report.fixBelow}
        </p>
      )}
      <QueryState query={categories}>
        {(list) => (
          <div className={wrap('category')}>
            <label htmlFor={INPUT_ID.category}>{texts.report.category}</label>
            <select
              {...field('category')}
              value={draft.category}
              onChange={(e) => change({ category: e.target.value })}
            >
              <option value="">{texts.report.chooseCategory}</option>
              {list.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label[lang]}
                </option>
              ))}
            </select>
            <p id={`${INPUT_ID.category}-help`} className="help">
              {chosen ? texts.report.handledBy(chosen.agencyName) : ''}
            </p>
            {message('category')}
          </div>
        )}
      </QueryState>
      <div className={wrap('kecamatan')}>
        <label htmlFor={INPUT_ID.kecamatan}>{texts.report.kecamatan}</label>
        <select
          {...field('kecamatan')}
          value={draft.kecamatan}
          onChange={(e) => change({ kecamatan: e.target.value, desaCode: '' })}
        >
          <option value="">{texts.report.chooseKecamatan}</option>
          {KECAMATAN_AREAS.map((k) => (
            <option key={k.code} value={k.code}>
              {k.name}
            </option>
          ))}
        </select>
        {message('kecamatan')}
      </div>
      <div className={wrap('desaCode')}>
        <label htmlFor={INPUT_ID.desaCode}>{texts.report.desa}</label>
        <select
          {...field('desaCode')}
          value={draft.desaCode}
          disabled={draft.kecamatan === ''}
          onChange={(e) => change({ desaCode: e.target.value })}
        >
          <option value="">{draft.kecamatan ? texts.report.chooseDesa : texts.report.kecamatanFirst}</option>
          {draft.kecamatan &&
            villagesOf(draft.kecamatan).map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
        </select>
        {message('desaCode')}
      </div>
      <div className={wrap('description')}>
        <label htmlFor={INPUT_ID.description}>{texts.report.description}</label>
        <p id={`${INPUT_ID.description}-help`} className="help">
          {texts.report.descriptionHelp(DESCRIPTION_MIN, DESCRIPTION_MAX)}
        </p>
        <textarea
          {...field('description')}
          value={draft.description}
          maxLength={DESCRIPTION_MAX}
          rows={6}
          onChange={(e) => change({ description: e.target.value })}
        />
        <p className="help small" aria-live="polite">
          {texts.report.characters(draft.description.trim().length, DESCRIPTION_MAX)}
        </p>
        {message('description')}
      </div>
      <div className={wrap('photo')}>
        <label htmlFor={INPUT_ID.photo}>{texts.report.photo}</label>
        <p id={`${INPUT_ID.photo}-help`} className="help">
          {texts.report.photoHelp(PHOTO_MAX_BYTES / MB)}
        </p>
        <input
          {...field('photo')}
          ref={photoInput}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          onChange={(e) => void choosePhoto(e)}
        />
        {preview && <img className="photo-preview" src={preview} alt={texts.report.photoPreview} />}
        {draft.photo && (
          <button type="button" className="button-link" onClick={removePhoto}>
            {texts.report.removePhoto}
          </button>
        )}
        {message('photo')}
      </div>
      <fieldset className="field">
        <legend>{texts.report.who}</legend>
        <p className="help" id="lapor-privacy">
          {texts.report.privacy}
        </p>
        <div className={wrap('reporterName')}>
          <label htmlFor={INPUT_ID.reporterName}>{texts.report.reporterName}</label>
          <input
            {...field('reporterName')}
            aria-describedby={['lapor-privacy', problems.reporterName ? 'lapor-name-error' : '']
              .filter(Boolean)
              .join(' ')}
            autoComplete="name"
            maxLength={REPORTER_FIELD_MAX}
            value={draft.reporterName}
            onChange={(e) => change({ reporterName: e.target.value })}
          />
          {message('reporterName')}
        </div>
        <div className={wrap('reporterContact')}>
          <label htmlFor={INPUT_ID.reporterContact}>{texts.report.reporterContact}</label>
          <input
            {...field('reporterContact')}
            aria-describedby={['lapor-privacy', problems.reporterContact ? 'lapor-contact-error' : '']
              .filter(Boolean)
              .join(' ')}
            autoComplete="tel"
            maxLength={REPORTER_FIELD_MAX}
            value={draft.reporterContact}
            onChange={(e) => change({ reporterContact: e.target.value })}
          />
          {message('reporterContact')}
        </div>
      </fieldset>
      <div className={wrap('challengeAnswer')}>
        <label htmlFor={INPUT_ID.challengeAnswer}>{texts.report.challenge}</label>
        <p id={`${INPUT_ID.challengeAnswer}-help`} className="help">
          {texts.report.challengeHelp}
        </p>
        <QueryState query={challenge}>
          {(current) => (
            <p className="challenge-question" data-testid="challenge-question" aria-live="polite">
              {lang === 'en' ? current.questionEn : current.question}
            </p>
          )}
        </QueryState>
        <input
          {...field('challengeAnswer')}
          inputMode="numeric"
          autoComplete="off"
          value={draft.challengeAnswer}
          onChange={(e) => change({ challengeAnswer: e.target.value })}
        />
        {message('challengeAnswer')}
        <p>
          <button
            type="button"
            className="button-link"
            onClick={() => {
              change({ challengeAnswer: '' });
              void challenge.refetch();
            }}
          >
            {texts.report.newQuestion}
          </button>
        </p>
      </div>
      {serverOnly && <ErrorNotice error={send.error} />}
      <button type="submit" disabled={send.isPending || !challenge.data || challenge.isFetching}>
        {send.isPending ? texts.report.submitting : texts.report.submit}
      </button>
    </form>
  );
}

/** The tracking number, large, with a copy button; the first response's due date; where to follow it. */
function Filed({ filed, onAnother }: { filed: FiledReport; onAnother: () => void }) {
  const texts = useCitizenTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // The page changed under the citizen's finger: the news is read out first.
  useEffect(() => title.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(filed.trackingNumber);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <section className="card card-action filed" aria-labelledby="filed-title">
      <h1 id="filed-title" tabIndex={-1} ref={title}>
        {texts.filed.title}
      </h1>
      <p>{texts.filed.number}</p>
      <output className="tracking-number" data-testid="tracking-number">
        {filed.trackingNumber}
      </output>
      <p className="actions">
        <button type="button" onClick={() => void copy()}>
          {texts.filed.copy}
        </button>
      </p>
      <p role="status">
        {copied === 'yes' ? texts.filed.copied : copied === 'no' ? texts.filed.copyFailed : ''}
      </p>
      <p>{texts.filed.keep}</p>
      <p>
        {texts.filed.due}:{' '}
        <strong>
          <time dateTime={filed.firstResponseDueAt}>{formatDayWib(filed.firstResponseDueAt, lang)}</time>
        </strong>
      </p>
      <p className="actions">
        <Link className="button" to={`/lapor/lacak/${filed.trackingNumber}`}>
          {texts.filed.track}
        </Link>
        <button type="button" className="button-secondary" onClick={onAnother}>
          {texts.filed.another}
        </button>
      </p>
    </section>
  );
}
