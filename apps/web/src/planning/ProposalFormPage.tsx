import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { areaName } from '@gotong/domain/region';
import { proposalFilingRefusal } from '@gotong/domain/planning/access';
import { post } from '../api/client';
import { AreaPicker } from '../components/AreaPicker';
import { FieldMessage } from '../components/FieldMessage';
import { ErrorNotice, QueryState } from '../components/QueryState';
import type { PlanningYear, ProposalDetail } from './planning-model';
import { useAgencies, usePlanningCaller, useTopics, useYear, yearParam } from './planning-api';
import { problemsByField } from './problems';
import { usePlanningTexts } from './texts';

const FIELDS = ['desa', 'title', 'problem', 'proposedActivity', 'topic', 'priority'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

/** /planning/:year/proposals/new — a kecamatan office files a Musrenbang proposal for one of its desa. */
export function ProposalFormPage() {
  const { year: param } = useParams();
  const planningYear = useYear(yearParam(param) ?? Number.NaN);
  const agencies = useAgencies();
  return (
    <QueryState query={planningYear}>
      {(year) => <QueryState query={agencies}>{() => <ProposalForm year={year} />}</QueryState>}
    </QueryState>
  );
}

function ProposalForm({ year }: { year: PlanningYear }) {
  const text = usePlanningTexts();
  const caller = usePlanningCaller();
  const topics = useTopics();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>({
    desa: '',
    title: '',
    problem: '',
    proposedActivity: '',
    topic: '',
    priority: '',
  });
  const [problems, setProblems] = useState<Partial<Record<Field, string[]>>>({});
  const kecamatan = caller.kecamatanAreaCode;
  const file = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      post<ProposalDetail>(`/planning/years/${year.year}/proposals`, body),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['planning'] });
      void navigate(`/planning/${year.year}/proposals/${created.id}`);
    },
    // The API judges the proposal (libs/domain/src/planning/proposals.ts); its words go next to each field.
    onError: (error) => {
      const found = problemsByField(error, FIELDS);
      setProblems(
        Object.fromEntries(Object.entries(found.byField).map(([f, list]) => [f, list.map(text.problem)])),
      );
      focusFirst(Object.keys(found.byField));
    },
  });

  if (kecamatan === null || proposalFilingRefusal(caller, kecamatan) !== null) {
    return (
      <section className="notice notice-warning">
        <h1>{text.form.heading(year.year)}</h1>
        <p>{text.form.notAllowed}</p>
        <p>
          <Link to={`/planning/${year.year}`}>{text.detail.back(year.year)}</Link>
        </p>
      </section>
    );
  }

  const set = (field: Field, value: string) => setValues((old) => ({ ...old, [field]: value }));
  const submit = () => {
    const missing = FIELDS.filter((f) => values[f].trim() === '');
    setProblems(Object.fromEntries(missing.map((f) => [f, [text.form.required]])));
    if (missing.length > 0) {
      focusFirst(missing);
      return;
    }
    const priority = values.priority.trim();
    file.mutate({
      kecamatan,
      desa: values.desa.trim(),
      title: values.title.trim(),
      problem: values.problem.trim(),
      proposedActivity: values.proposedActivity.trim(),
      topic: values.topic,
      // A whole number goes as one; anything else as typed, for the API to name.
      priority: /^\d+$/.test(priority) ? Number(priority) : priority,
    });
  };
  const chosenTopic = topics.data?.find((t) => t.key === values.topic);
  const other = file.error ? problemsByField(file.error, FIELDS).other : [];
  const fieldFailed = file.error && Object.keys(problems).length > 0;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/planning/${year.year}`}>{text.detail.back(year.year)}</Link>
      </p>
      <h1>{text.form.heading(year.year)}</h1>
      <p className="muted">{text.form.intro}</p>
      <form
        className="card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <p>
          <strong>{text.form.kecamatan}:</strong> {areaName(kecamatan) ?? kecamatan} ({kecamatan})
        </p>
        {fieldFailed && (
          <p className="notice notice-error" role="alert">
            {text.form.fixErrors}
          </p>
        )}
        <Row field="desa" label={text.form.desa} help={text.form.desaHelp} problems={problems.desa}>
          {(props) => (
            <AreaPicker
              id={props.id}
              level="desa"
              withinKecamatan={[kecamatan]}
              value={values.desa}
              onChange={(code) => set('desa', code)}
              invalid={props['aria-invalid']}
              describedBy={props['aria-describedby']}
            />
          )}
        </Row>
        <Row field="title" label={text.form.title} problems={problems.title}>
          {(props) => (
            <input {...props} value={values.title} onChange={(e) => set('title', e.target.value)} />
          )}
        </Row>
        <Row
          field="problem"
          label={text.form.problem}
          help={text.form.problemHelp}
          problems={problems.problem}
        >
          {(props) => (
            <textarea
              rows={4}
              {...props}
              value={values.problem}
              onChange={(e) => set('problem', e.target.value)}
            />
          )}
        </Row>
        <Row field="proposedActivity" label={text.form.proposedActivity} problems={problems.proposedActivity}>
          {(props) => (
            <textarea
              rows={3}
              {...props}
              value={values.proposedActivity}
              onChange={(e) => set('proposedActivity', e.target.value)}
            />
          )}
        </Row>
        <Row field="topic" label={text.form.topic} problems={problems.topic}>
          {(props) => (
            <>
              <select {...props} value={values.topic} onChange={(e) => set('topic', e.target.value)}>
                <option value="">{text.form.chooseTopic}</option>
                {(topics.data ?? []).map((topic) => (
                  <option key={topic.key} value={topic.key}>
                    {topic.label}
                  </option>
                ))}
              </select>
              {chosenTopic && (
                <p className="help" aria-live="polite">
                  {chosenTopic.agencies.length > 0
                    ? text.form.topicOpds(chosenTopic.agencies.join(', '))
                    : text.form.topicNobody}
                </p>
              )}
            </>
          )}
        </Row>
        <Row
          field="priority"
          label={text.form.priority}
          help={text.form.priorityHelp}
          problems={problems.priority}
        >
          {(props) => (
            <input
              inputMode="numeric"
              {...props}
              value={values.priority}
              onChange={(e) => set('priority', e.target.value)}
            />
          )}
        </Row>
        {other.length > 0 && (
          <ul className="notice notice-error" role="alert">
            {other.map((p, i) => (
              <li key={i}>{p.field ? `${p.field}: ${text.problem(p)}` : text.problem(p)}</li>
            ))}
          </ul>
        )}
        {file.error && other.length === 0 && !fieldFailed && <ErrorNotice error={file.error} />}
        <button type="submit" disabled={file.isPending}>
          {file.isPending ? text.form.submitting : text.form.submit}
        </button>
      </form>
    </>
  );
}

function fieldId(field: Field): string {
  return `proposal-${field}`;
}

function focusFirst(fields: readonly string[]): void {
  const first = FIELDS.find((f) => fields.includes(f));
  if (first) document.getElementById(fieldId(first))?.focus();
}

/** A labelled field with its help and its problems, the input's accessibility attributes handed to it. */
function Row({
  field,
  label,
  help,
  problems = [],
  children,
}: {
  field: Field;
  label: string;
  help?: string;
  problems?: string[];
  children: (props: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = fieldId(field);
  const invalid = problems.length > 0;
  const describedBy = [help ? `${id}-help` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
      {children({
        id,
        'aria-invalid': invalid ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      <FieldMessage id={`${id}-error`} messages={problems} />
    </div>
  );
}
