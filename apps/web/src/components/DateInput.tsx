import { useState, type InputHTMLAttributes, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateInput, parseDateInput } from '../format/date-input';

type Passed = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'defaultValue'>;

/**
 * A date typed as dd/mm/yyyy whatever the browser's locale (a native date input follows the browser's and
 * shows mm/dd/yyyy on many phones). The value it reports is the ISO date (YYYY-MM-DD) once the text is a
 * real day, '' when empty, and the text as typed otherwise, so that a form's rule can name the problem
 * (check with isIsoDate). Works with useState or react-hook-form's Controller.
 */
export function DateInput({
  value,
  onChange,
  ...rest
}: Passed & { value: string; onChange: (value: string) => void; ref?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => formatDateInput(value));
  // The value this input last reported: anything else came from outside (a form reset) and is shown.
  const [reported, setReported] = useState(value);
  if (value !== reported) {
    setReported(value);
    setText(formatDateInput(value));
  }
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={t('dates.placeholder')}
      {...rest}
      value={text}
      onChange={(event) => {
        const typed = event.target.value;
        setText(typed);
        const next = typed.trim() === '' ? '' : (parseDateInput(typed) ?? typed);
        setReported(next);
        onChange(next);
      }}
    />
  );
}
