import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldMessage } from '../../components/FieldMessage';
import { useProblemText } from '../../components/ProblemText';
import type { FormDraft, FormField } from '../../forms/form-model';
import type { Problem } from '../../forms/problems';
import { helpId, inputId, messageId } from './form-ids';

/** The label of a generated field: its name, a required mark, its unit. */
export function FieldLabel({ field, htmlFor }: { field: FormField; htmlFor?: string }) {
  const { t } = useTranslation();
  const content = (
    <>
      {field.label}
      {field.required && (
        <>
          <span aria-hidden="true" className="required-mark">
            {' '}
            *
          </span>
          <span className="visually-hidden"> ({t('form.required')})</span>
        </>
      )}
      {field.unit && <span className="unit"> ({t('form.unit', { unit: field.unit })})</span>}
    </>
  );
  return htmlFor ? <label htmlFor={htmlFor}>{content}</label> : content;
}

/** One input for a field that is not per area, chosen by the field's type. */
export function ScalarField({
  field,
  register,
  problems,
}: {
  field: FormField;
  register: UseFormRegister<FormDraft>;
  problems: Problem[];
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const id = inputId(field.key);
  const invalid = problems.length > 0;
  const describedBy = [field.help ? helpId(field.key) : '', invalid ? messageId(id) : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'aria-required': field.required ? true : undefined,
    ...register(field.key),
  };
  const help = field.help ? (
    <p id={helpId(field.key)} className="help">
      {field.help}
    </p>
  ) : null;
  const message = <FieldMessage id={messageId(id)} messages={problems.map(problemText)} />;

  if (field.type === 'boolean') {
    return (
      <fieldset
        className={invalid ? 'field field-invalid' : 'field'}
        aria-describedby={describedBy || undefined}
      >
        <legend>
          <FieldLabel field={field} />
        </legend>
        {help}
        <div className="choices">
          {(['true', 'false'] as const).map((value, i) => (
            <label key={value} className="choice">
              <input type="radio" value={value} {...register(field.key)} id={i === 0 ? id : `${id}-no`} />
              {value === 'true' ? t('form.yes') : t('form.no')}
            </label>
          ))}
        </div>
        {message}
      </fieldset>
    );
  }

  let input;
  switch (field.type) {
    case 'integer':
    case 'number':
      input = <input type="text" inputMode={field.type === 'integer' ? 'numeric' : 'decimal'} {...common} />;
      break;
    case 'text':
      input = <input type="text" {...common} />;
      break;
    case 'longtext':
      input = <textarea rows={5} {...common} />;
      break;
    case 'date':
      // dd/mm/yyyy whatever the browser's locale; form-model sends the ISO date.
      input = (
        <input
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={t('dates.placeholder')}
          {...common}
        />
      );
      break;
    case 'select':
      input = (
        <select {...common}>
          <option value="">{t('form.choose')}</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
  }
  return (
    <div className={invalid ? 'field field-invalid' : 'field'}>
      <FieldLabel field={field} htmlFor={id} />
      {help}
      {input}
      {message}
    </div>
  );
}
