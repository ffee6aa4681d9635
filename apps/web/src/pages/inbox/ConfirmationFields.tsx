import { useTranslation } from 'react-i18next';
import { FieldMessage } from '../../components/FieldMessage';
import type { ConfirmationAsked } from '../../forms/confirmations';

/** One reason per figure that jumps too far from the published previous period, as the API asked. */
export function ConfirmationFields({
  asked,
  reasons,
  showMissing,
  onChange,
}: {
  asked: readonly ConfirmationAsked[];
  reasons: Readonly<Record<string, string>>;
  showMissing: boolean;
  onChange: (cell: string, reason: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="card card-danger" aria-describedby="confirm-help">
      <legend>{t('confirm.title')}</legend>
      <p id="confirm-help" className="help" role="alert">
        {t('confirm.help')}
      </p>
      {asked.map((item, index) => {
        const id = `confirm-${index}`;
        const missing = showMissing && (reasons[item.cell] ?? '').trim() === '';
        return (
          <div key={item.cell} className={missing ? 'field field-invalid' : 'field'} data-cell={item.cell}>
            <label htmlFor={id}>{t('confirm.reasonFor', { cell: item.cell })}</label>
            <p id={`${id}-help`} className="help">
              {item.jump ? t('confirm.jump', item.jump) : item.text}
            </p>
            <textarea
              id={id}
              rows={2}
              value={reasons[item.cell] ?? ''}
              aria-invalid={missing ? true : undefined}
              aria-describedby={[`${id}-help`, missing ? `${id}-error` : ''].filter(Boolean).join(' ')}
              onChange={(event) => onChange(item.cell, event.target.value)}
            />
            <FieldMessage id={`${id}-error`} messages={missing ? t('confirm.required') : undefined} />
          </div>
        );
      })}
    </fieldset>
  );
}
