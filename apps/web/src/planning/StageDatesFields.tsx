import { DateInput } from '../components/DateInput';
import { FieldMessage } from '../components/FieldMessage';
import { PLANNING_STAGES, type PlanningStage, type StageDays } from './planning-model';
import { usePlanningTexts } from './texts';

/** The start and end day of each stage (dd/mm/yyyy), each with its problems next to it. */
export function StageDatesFields({
  idPrefix,
  days,
  onChange,
  problems,
  locked,
}: {
  idPrefix: string;
  days: StageDays;
  onChange: (days: StageDays) => void;
  /** Messages by path: 'stages.MUSRENBANG_DESA.start'. */
  problems: Record<string, string[]>;
  /** Paths that may not change (a date already past). */
  locked?: ReadonlySet<string>;
}) {
  const text = usePlanningTexts();
  const set = (stage: PlanningStage, edge: 'start' | 'end', value: string) =>
    onChange({ ...days, [stage]: { ...days[stage], [edge]: value } });
  return (
    <>
      {PLANNING_STAGES.map((stage) => (
        <fieldset key={stage} className="field editor-row">
          <legend>{text.stage[stage]}</legend>
          <div className="inline-form">
            {(['start', 'end'] as const).map((edge) => {
              const path = `stages.${stage}.${edge}`;
              const id = `${idPrefix}-${stage}-${edge}`;
              const messages = problems[path] ?? [];
              return (
                <div key={edge} className={messages.length > 0 ? 'field field-invalid' : 'field'}>
                  <label htmlFor={id}>{edge === 'start' ? text.create.start : text.create.end}</label>
                  <DateInput
                    id={id}
                    value={days[stage][edge]}
                    onChange={(value) => set(stage, edge, value)}
                    disabled={locked?.has(path)}
                    aria-invalid={messages.length > 0 ? true : undefined}
                    aria-describedby={messages.length > 0 ? `${id}-error` : undefined}
                  />
                  <FieldMessage id={`${id}-error`} messages={messages} />
                </div>
              );
            })}
          </div>
        </fieldset>
      ))}
    </>
  );
}
