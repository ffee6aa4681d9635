import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { citizenCategory } from '@gotong/domain/citizen/categories';
import { REJECTION_REASONS, type RejectionReason } from '@gotong/domain/citizen/rules';
import { api, ApiError, authHeader, post } from '../api/client';
import type { Agency, TemplateDetail, TemplateParameter, TemplateSummary } from '../api/types';
import { useUser } from '../auth/AuthProvider';
import { AreaPicker } from '../components/AreaPicker';
import { DateInput } from '../components/DateInput';
import { DateTime } from '../components/DateTime';
import { FieldMessage } from '../components/FieldMessage';
import { ErrorNotice, QueryState } from '../components/QueryState';
import { currentLang } from '../i18n';
import {
  EMPTY_TRIAGE,
  handles,
  parametersFromReport,
  placeMessages,
  projectTitle,
  refusalProblems,
  triageActions,
  triageBody,
  triageProblems,
  type TriageAction,
  type TriageDraft,
  type TriageProblems,
} from './desk';
import { useCitizenTexts, type CitizenTexts } from './texts';
import { ReportView } from './TrackPage';
import type { DeskReport, PublicAnswer } from './types';
import './citizen.css';

const detailKey = (id: string) => ['citizen-reports', 'detail', id];

/** A rule's message from the domain or the API in the reader's language where the page knows it. */
function deskProblem(texts: CitizenTexts, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  if (/^required$/i.test(message.trim())) return texts.problems.required;
  const max = /^at most (\d+) characters$/.exec(message.trim());
  if (max) return texts.problems.tooLong(Number(max[1]));
  return message;
}

/**
 * One citizen report for those who handle it: the public view (status, stages, answers), the reporter's name,
 * contact and photo when the API shows them to the caller, internal notes, the joint project, and the triage
 * (answer, turn into a joint project from a template, forward, reject) and answer forms for the handling OPD,
 * the regency desk and ADMIN. Leadership and others read only.
 */
export function DeskReportPage() {
  const texts = useCitizenTexts();
  const { id = '' } = useParams();
  const user = useUser();
  // Said above the forms: a triage may end the form it was made in (the report moved on).
  const [done, setDone] = useState<TriageAction | null>(null);
  const report = useQuery({
    queryKey: detailKey(id),
    queryFn: () => api<DeskReport>(`/citizen-reports/${id}`),
  });
  return (
    <>
      <p className="breadcrumb">
        <Link to="/citizen-reports">{texts.desk.back}</Link>
      </p>
      <h1>{texts.desk.title}</h1>
      {done && (
        <p className="notice notice-success" role="status">
          {texts.desk.done[done]}
        </p>
      )}
      <QueryState query={report}>
        {(data) => {
          const mine = handles(user, data);
          const actions = triageActions(data);
          return (
            <>
              <ReportView report={data} texts={texts} />
              <Reporter report={data} texts={texts} />
              {data.internalNotes.length > 0 && (
                <section className="card" aria-labelledby="notes-title">
                  <h2 id="notes-title">{texts.desk.notes}</h2>
                  <ul className="answers">
                    {data.internalNotes.map((note) => (
                      <li key={`${note.at}-${note.text}`}>
                        <p className="pre-wrap">{note.text}</p>
                        <p className="muted small">
                          {note.by} · <DateTime value={note.at} />
                        </p>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {data.projectId && (
                <section className="card" aria-labelledby="project-title">
                  <h2 id="project-title">{texts.desk.project}</h2>
                  <Link className="button button-secondary" to={`/projects/${data.projectId}`}>
                    {texts.desk.openProject}
                  </Link>
                </section>
              )}
              {actions.length === 0 ? (
                <p className="notice notice-success">{texts.desk.final}</p>
              ) : !mine ? (
                <p className="notice notice-warning">{texts.desk.readOnly}</p>
              ) : (
                <>
                  {actions.length > 1 && (
                    <TriageForm key={data.status} report={data} actions={actions} onDone={setDone} />
                  )}
                  <AnswerForm report={data} />
                </>
              )}
            </>
          );
        }}
      </QueryState>
    </>
  );
}

function Reporter({ report, texts }: { report: DeskReport; texts: CitizenTexts }) {
  return (
    <section className="card" aria-labelledby="reporter-title">
      <h2 id="reporter-title">{texts.desk.reporter}</h2>
      {!report.piiVisible ? (
        <p className="muted">{texts.desk.piiHidden}</p>
      ) : report.reporter?.name || report.reporter?.contact ? (
        <dl className="details" data-testid="reporter">
          <div>
            <dt>{texts.desk.reporterName}</dt>
            <dd>{report.reporter.name ?? '—'}</dd>
          </div>
          <div>
            <dt>{texts.desk.reporterContact}</dt>
            <dd>{report.reporter.contact ?? '—'}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">{texts.desk.anonymous}</p>
      )}
      {report.piiVisible && report.photo && <Photo reportId={report.id} texts={texts} />}
    </section>
  );
}

/** The reporter's photo, fetched with the token and shown as a data: URL (an <img> cannot send the token). */
function Photo({ reportId, texts }: { reportId: string; texts: CitizenTexts }) {
  const [asked, setAsked] = useState(false);
  const photo = useQuery({
    queryKey: ['citizen-reports', 'photo', reportId],
    enabled: asked,
    staleTime: Infinity,
    queryFn: async () => {
      const response = await fetch(`/citizen-reports/${reportId}/photo`, { headers: authHeader() });
      if (!response.ok) throw new ApiError(response.status, await response.text());
      const blob = await response.blob();
      return new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
        reader.onerror = () => reject(reader.error ?? new Error('cannot read the photo'));
        reader.readAsDataURL(blob);
      });
    },
  });
  return (
    <>
      <h3>{texts.desk.photo}</h3>
      {!asked ? (
        <button type="button" className="button-secondary" onClick={() => setAsked(true)}>
          {texts.desk.showPhoto}
        </button>
      ) : (
        <QueryState query={photo}>
          {(src) => <img className="desk-photo" src={src} alt={texts.desk.photoAlt} />}
        </QueryState>
      )}
    </>
  );
}

/** Problems of the form shown above it: those the form has no field for (e.g. a 409, a template's refusal). */
function Leftovers({
  problems,
  shown,
  texts,
}: {
  problems: TriageProblems;
  shown: readonly string[];
  texts: CitizenTexts;
}) {
  const rest = Object.entries(problems).filter(([key]) => !shown.includes(key));
  if (rest.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>{texts.desk.refused}</p>
      <ul className="error-details">
        {rest.map(([key, message]) => (
          <li key={key}>{key ? `${key}: ${deskProblem(texts, message)}` : message}</li>
        ))}
      </ul>
    </div>
  );
}

function TriageForm({
  report,
  actions,
  onDone,
}: {
  report: DeskReport;
  actions: TriageAction[];
  onDone: (action: TriageAction) => void;
}) {
  const texts = useCitizenTexts();
  const { i18n } = useTranslation();
  const lang = currentLang(i18n.language);
  const queryClient = useQueryClient();
  const suggested = citizenCategory(report.category)?.suggestedTemplate ?? '';
  const [draft, setDraft] = useState<TriageDraft>(() => ({
    ...EMPTY_TRIAGE,
    templateCode: suggested,
    title: projectTitle(report.categoryLabel[lang], report),
  }));
  const [problems, setProblems] = useState<TriageProblems>({});
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: () => api<TemplateSummary[]>('/templates'),
    enabled: draft.action === 'project',
  });
  const template = useQuery({
    queryKey: ['templates', draft.templateCode],
    queryFn: () => api<TemplateDetail>(`/templates/${encodeURIComponent(draft.templateCode)}`),
    enabled: draft.action === 'project' && draft.templateCode !== '',
  });
  const agencies = useQuery({
    queryKey: ['agencies'],
    queryFn: () => api<Agency[]>('/agencies'),
    enabled: draft.action === 'forward',
  });
  const parameters: TemplateParameter[] = template.data?.definition.parameters ?? [];
  // What the report answers (kecamatan, desa, its number), under what the desk has typed.
  const prefilled = parametersFromReport(parameters, report);
  const effective: TriageDraft = { ...draft, parameters: { ...prefilled, ...draft.parameters } };

  const send = useMutation({
    mutationFn: (body: unknown) => post<DeskReport>(`/citizen-reports/${report.id}/triage`, body),
    onSuccess: (updated) => {
      onDone(effective.action);
      queryClient.setQueryData(detailKey(report.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['citizen-reports'] });
    },
    onError: (error) => setProblems(refusalProblems(error)),
  });

  const change = (next: Partial<TriageDraft>) => {
    setDraft((old) => ({ ...old, ...next }));
    setProblems({});
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = triageProblems(effective, parameters);
    setProblems(found);
    if (Object.keys(found).length === 0) send.mutate(triageBody(effective));
  };

  const shown = ['text', 'note', 'templateCode', 'title', 'agencyCode', 'reason', 'action'].concat(
    parameters.map((p) => `parameters.${p.key}`),
  );
  const message = (key: string, inputId: string) => (
    <FieldMessage id={`${inputId}-error`} messages={deskProblem(texts, problems[key])} />
  );
  const invalid = (key: string) => (problems[key] ? true : undefined);
  const wrap = (key: string) => (problems[key] ? 'field field-invalid' : 'field');
  const described = (key: string, inputId: string) => (problems[key] ? `${inputId}-error` : undefined);

  return (
    <form className="card card-action" noValidate onSubmit={onSubmit} aria-labelledby="triage-title">
      <h2 id="triage-title">{texts.desk.triage}</h2>
      <fieldset className="field">
        <legend>{texts.desk.action}</legend>
        <div className="choices choices-columns">
          {actions.map((action) => (
            <label key={action} className="choice">
              <input
                type="radio"
                name="triage-action"
                value={action}
                checked={draft.action === action}
                onChange={() => change({ action })}
              />{' '}
              {texts.desk.actions[action]}
            </label>
          ))}
        </div>
      </fieldset>

      {draft.action === 'answer' && (
        <div className={wrap('text')}>
          <label htmlFor="triage-text">{texts.desk.answerText}</label>
          <textarea
            id="triage-text"
            rows={5}
            value={draft.text}
            aria-invalid={invalid('text')}
            aria-describedby={described('text', 'triage-text')}
            onChange={(e) => change({ text: e.target.value })}
          />
          {message('text', 'triage-text')}
        </div>
      )}

      {draft.action === 'project' && (
        <>
          <div className={wrap('templateCode')}>
            <label htmlFor="triage-template">{texts.desk.template}</label>
            <QueryState query={templates}>
              {(list) => (
                <select
                  id="triage-template"
                  value={draft.templateCode}
                  aria-invalid={invalid('templateCode')}
                  aria-describedby={described('templateCode', 'triage-template')}
                  onChange={(e) => change({ templateCode: e.target.value, parameters: {} })}
                >
                  <option value="">{texts.desk.chooseTemplate}</option>
                  {list.map((tpl) => (
                    <option key={tpl.code} value={tpl.code}>
                      {tpl.name}
                      {tpl.code === suggested ? ` ${texts.desk.suggested}` : ''}
                    </option>
                  ))}
                </select>
              )}
            </QueryState>
            {message('templateCode', 'triage-template')}
          </div>
          <div className={wrap('title')}>
            <label htmlFor="triage-title-input">{texts.desk.projectTitle}</label>
            <input
              id="triage-title-input"
              value={draft.title}
              aria-invalid={invalid('title')}
              aria-describedby={described('title', 'triage-title-input')}
              onChange={(e) => change({ title: e.target.value })}
            />
            {message('title', 'triage-title-input')}
          </div>
          {draft.templateCode !== '' && (
            <QueryState query={template}>
              {() => (
                <fieldset className="field">
                  <legend>{texts.desk.parameters}</legend>
                  <p className="help">{texts.desk.parametersHelp}</p>
                  {parameters.map((parameter) => (
                    <ParameterField
                      key={parameter.key}
                      parameter={parameter}
                      value={effective.parameters[parameter.key] ?? ''}
                      kecamatan={parameters
                        .filter((p) => p.type === 'kecamatan')
                        .map((p) => effective.parameters[p.key] ?? '')
                        .filter(Boolean)}
                      problem={deskProblem(texts, problems[`parameters.${parameter.key}`])}
                      onChange={(value) =>
                        change({ parameters: { ...draft.parameters, [parameter.key]: value } })
                      }
                    />
                  ))}
                </fieldset>
              )}
            </QueryState>
          )}
          <div className={wrap('text')}>
            <label htmlFor="triage-note-public">{texts.desk.projectNote}</label>
            <textarea
              id="triage-note-public"
              rows={3}
              value={draft.text}
              aria-invalid={invalid('text')}
              aria-describedby={described('text', 'triage-note-public')}
              onChange={(e) => change({ text: e.target.value })}
            />
            {message('text', 'triage-note-public')}
          </div>
        </>
      )}

      {draft.action === 'forward' && (
        <div className={wrap('agencyCode')}>
          <label htmlFor="triage-agency">{texts.desk.targetAgency}</label>
          <QueryState query={agencies}>
            {(list) => (
              <select
                id="triage-agency"
                value={draft.agencyCode}
                aria-invalid={invalid('agencyCode')}
                aria-describedby={described('agencyCode', 'triage-agency')}
                onChange={(e) => change({ agencyCode: e.target.value })}
              >
                <option value="">{texts.desk.chooseAgency}</option>
                {list
                  .filter((a) => a.code !== report.handlingAgency.code)
                  .sort((a, b) => a.name.localeCompare(b.name, 'id'))
                  .map((a) => (
                    <option key={a.code} value={a.code}>
                      {a.name} ({a.code})
                    </option>
                  ))}
              </select>
            )}
          </QueryState>
          {message('agencyCode', 'triage-agency')}
        </div>
      )}

      {draft.action === 'reject' && (
        <div className={wrap('reason')}>
          <label htmlFor="triage-reason">{texts.desk.reason}</label>
          <select
            id="triage-reason"
            value={draft.reason}
            aria-invalid={invalid('reason')}
            aria-describedby={described('reason', 'triage-reason')}
            onChange={(e) => change({ reason: e.target.value as RejectionReason | '' })}
          >
            <option value="">{texts.desk.chooseReason}</option>
            {REJECTION_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {texts.desk.reasons[reason]}
              </option>
            ))}
          </select>
          {problems.reason && <FieldMessage id="triage-reason-error" messages={texts.problems.required} />}
          {draft.reason && <p className="help">{texts.rejection[draft.reason]}</p>}
        </div>
      )}

      {(draft.action === 'forward' || draft.action === 'reject') && (
        <div className={wrap('note')}>
          <label htmlFor="triage-note">{texts.desk.note}</label>
          <textarea
            id="triage-note"
            rows={3}
            value={draft.note}
            aria-invalid={invalid('note')}
            aria-describedby={described('note', 'triage-note')}
            onChange={(e) => change({ note: e.target.value })}
          />
          {message('note', 'triage-note')}
        </div>
      )}

      <Leftovers problems={problems} shown={shown} texts={texts} />
      {send.error && Object.keys(refusalProblems(send.error)).length === 0 && (
        <ErrorNotice error={send.error} />
      )}
      <button
        type="submit"
        className={draft.action === 'reject' ? 'button-danger' : undefined}
        disabled={send.isPending}
      >
        {send.isPending ? texts.desk.sending : texts.desk.submit[draft.action]}
      </button>
    </form>
  );
}

function ParameterField({
  parameter,
  value,
  kecamatan,
  problem,
  onChange,
}: {
  parameter: TemplateParameter;
  value: string;
  /** The kecamatan chosen so far: a desa parameter offers their desa only. */
  kecamatan: string[];
  problem: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = `triage-param-${parameter.key}`;
  const described = problem ? `${id}-error` : undefined;
  let input;
  if (parameter.type === 'kecamatan' || parameter.type === 'desa') {
    input = (
      <AreaPicker
        id={id}
        level={parameter.type === 'kecamatan' ? 'kecamatan' : 'desa'}
        withinKecamatan={parameter.type === 'desa' ? kecamatan : []}
        invalid={Boolean(problem)}
        describedBy={described}
        value={value}
        onChange={onChange}
      />
    );
  } else if (parameter.type === 'date') {
    input = (
      <DateInput
        id={id}
        value={value}
        onChange={onChange}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described}
      />
    );
  } else {
    input = (
      <input
        id={id}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={problem ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {parameter.label}
        {parameter.required && (
          <span aria-hidden="true" className="required-mark">
            {' '}
            *
          </span>
        )}
      </label>
      {input}
      <FieldMessage id={`${id}-error`} messages={problem} />
    </div>
  );
}

/** A public answer: a progress note, or the final answer that ends the report. */
function AnswerForm({ report }: { report: DeskReport }) {
  const texts = useCitizenTexts();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [final, setFinal] = useState(false);
  const [problems, setProblems] = useState<TriageProblems>({});
  const send = useMutation({
    mutationFn: (body: { text: string; final: boolean }) =>
      post<PublicAnswer>(`/citizen-reports/${report.id}/answers`, body),
    onSuccess: () => {
      setText('');
      setFinal(false);
      void queryClient.invalidateQueries({ queryKey: ['citizen-reports'] });
    },
    onError: (error) => setProblems(refusalProblems(error)),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = placeMessages(text.trim() === '' ? ['text: required'] : []);
    setProblems(found);
    if (Object.keys(found).length === 0) send.mutate({ text: text.trim(), final });
  };
  return (
    <form className="card" noValidate onSubmit={onSubmit} aria-labelledby="answer-title">
      <h2 id="answer-title">{texts.desk.answerTitle}</h2>
      <p className="help" id="answer-help">
        {texts.desk.answerHelp}
      </p>
      <div className={problems.text ? 'field field-invalid' : 'field'}>
        <label htmlFor="answer-text">{texts.desk.answerFormText}</label>
        <textarea
          id="answer-text"
          rows={4}
          value={text}
          aria-invalid={problems.text ? true : undefined}
          aria-describedby={problems.text ? 'answer-help answer-text-error' : 'answer-help'}
          onChange={(e) => {
            setText(e.target.value);
            setProblems({});
          }}
        />
        <FieldMessage id="answer-text-error" messages={deskProblem(texts, problems.text)} />
      </div>
      <div className="field field-check">
        <input
          id="answer-final"
          type="checkbox"
          checked={final}
          onChange={(e) => setFinal(e.target.checked)}
        />
        <label htmlFor="answer-final">{texts.desk.answerFinal}</label>
      </div>
      <Leftovers problems={problems} shown={['text']} texts={texts} />
      {send.error && Object.keys(refusalProblems(send.error)).length === 0 && (
        <ErrorNotice error={send.error} />
      )}
      {send.isSuccess && (
        <p className="notice notice-success" role="status">
          {texts.desk.answerSent}
        </p>
      )}
      <button type="submit" disabled={send.isPending}>
        {send.isPending ? texts.desk.sending : texts.desk.answerSubmit}
      </button>
    </form>
  );
}
