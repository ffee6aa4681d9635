import { useTranslation } from 'react-i18next';
import type { FormField, FormSchema } from '../forms/form-model';

function show(value: unknown, field: FormField | undefined, yes: string, no: string): string {
  if (typeof value === 'boolean') return value ? yes : no;
  const text =
    typeof value === 'string' || typeof value === 'number'
      ? String(value)
      : value === null || value === undefined
        ? ''
        : JSON.stringify(value);
  return field?.unit ? `${text} ${field.unit}` : text;
}

/** Submitted values with the form's labels and units; per-area values as a list of kode wilayah. */
export function ContributionValues({
  form,
  values,
}: {
  form: FormSchema | null;
  values: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const fields = form?.fields ?? [];
  const keys = [
    ...fields.map((f) => f.key),
    ...Object.keys(values).filter((k) => !fields.some((f) => f.key === k)),
  ];
  return (
    <dl className="values">
      {keys.map((key) => {
        const field = fields.find((f) => f.key === key);
        const value = values[key];
        return (
          <div key={key} className="values-row">
            <dt>{field?.label ?? key}</dt>
            <dd>
              {value === undefined ? (
                <span className="muted">{t('form.empty')}</span>
              ) : field?.perArea && typeof value === 'object' && value !== null ? (
                <ul className="area-values">
                  {Object.entries(value as Record<string, unknown>).map(([area, v]) => (
                    <li key={area}>
                      <span className="area-code">{area}</span>: {show(v, field, t('form.yes'), t('form.no'))}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="pre-wrap">{show(value, field, t('form.yes'), t('form.no'))}</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
