import { Controller, useFieldArray, type Control, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { areaName, villagesOf } from '@gotong/domain/region';
import { AreaPicker } from '../../components/AreaPicker';
import { FieldMessage } from '../../components/FieldMessage';
import { useProblemText } from '../../components/ProblemText';
import { cellProblems, fieldProblems, type FormErrors } from '../../forms/form-errors';
import { hasFixedAreas, type AreaRow, type FormDraft, type FormField } from '../../forms/form-model';
import { cellId, helpId, messageId } from './form-ids';
import { FieldLabel } from './ScalarField';

const EXAMPLE = { desa: '35.13.23.2008', kecamatan: '35.13.23' } as const;

/** The area's name from the regency's reference list, shown beside its kode wilayah. */
function AreaName({ code, id }: { code: string; id?: string }) {
  const name = areaName(code.trim());
  return name ? (
    <span className="area-name" id={id}>
      {name}
    </span>
  ) : null;
}

/**
 * A per-area field: one row per desa or kecamatan, each with its kode wilayah and value. Fixed areas
 * (a data request) are listed; otherwise rows are added and removed. Messages sit next to their cell.
 */
export function AreaField({
  field,
  control,
  register,
  errors,
  rows,
}: {
  field: FormField;
  control: Control<FormDraft>;
  register: UseFormRegister<FormDraft>;
  errors: FormErrors;
  rows: AreaRow[];
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  // react-hook-form cannot derive a field array's row type from a record whose values are strings or
  // rows; a per-area field's value always is rows (form-model.ts), so its control is viewed as such.
  const { fields, append, remove } = useFieldArray({
    control: control as unknown as Control<Record<string, AreaRow[]>>,
    name: field.key,
  });
  const level = field.perArea ?? 'desa';
  const fixed = hasFixedAreas(field);
  // The example is a desa of the field's own kecamatan when it names them (a project's, an incident's).
  const example =
    level === 'desa' && field.withinKecamatan?.[0]
      ? (villagesOf(field.withinKecamatan[0])[0]?.code ?? EXAMPLE.desa)
      : EXAMPLE[level];
  const own = fieldProblems(errors, field.key);
  const ownId = `field-${field.key}`;
  const valueType = field.type === 'integer' ? 'numeric' : 'decimal';
  const numeric = field.type === 'integer' || field.type === 'number';
  return (
    <fieldset
      className={own.length > 0 ? 'field area-field field-invalid' : 'field area-field'}
      aria-describedby={[helpId(field.key), own.length > 0 ? messageId(ownId) : ''].filter(Boolean).join(' ')}
    >
      <legend>
        <FieldLabel field={field} />
      </legend>
      <p id={helpId(field.key)} className="help">
        {field.help ? `${field.help} ` : ''}
        {fixed ? t('form.fixedAreasHelp', { level }) : t('form.perAreaHelp', { level, example })}
      </p>
      <FieldMessage id={messageId(ownId)} messages={own.map(problemText)} />
      <table className="area-table">
        <thead>
          <tr>
            <th scope="col">{t('form.area', { level })}</th>
            <th scope="col">{t('form.value')}</th>
            {!fixed && (
              <th scope="col">
                <span className="visually-hidden">{t('form.removeArea', { number: '' })}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {fields.map((row, index) => {
            const area = rows[index]?.area ?? '';
            const problems = cellProblems(errors, field.key, area).map(problemText);
            const areaId = cellId(field.key, index, 'area');
            const valueId = cellId(field.key, index, 'value');
            const invalid = problems.length > 0;
            const rowLabel = t('form.row', { number: index + 1 });
            return (
              <tr key={row.id} className={invalid ? 'row-invalid' : undefined}>
                <td>
                  {fixed ? (
                    <>
                      <span className="area-code" id={areaId}>
                        {area}
                      </span>{' '}
                      <AreaName code={area} />
                    </>
                  ) : (
                    <>
                      <label className="visually-hidden" htmlFor={areaId}>
                        {`${rowLabel}: ${t('form.area', { level })}`}
                      </label>
                      <Controller
                        control={control}
                        name={`${field.key}.${index}.area`}
                        render={({ field: input }) => (
                          <AreaPicker
                            id={areaId}
                            className="area-input"
                            level={level}
                            withinKecamatan={field.withinKecamatan}
                            placeholder={example}
                            invalid={invalid}
                            value={typeof input.value === 'string' ? input.value : ''}
                            onChange={input.onChange}
                            onBlur={input.onBlur}
                            inputRef={input.ref}
                            name={input.name}
                          />
                        )}
                      />
                    </>
                  )}
                </td>
                <td>
                  <label className="visually-hidden" htmlFor={valueId}>
                    {fixed ? `${field.label} ${area}` : `${rowLabel}: ${field.label}`}
                  </label>
                  <input
                    id={valueId}
                    type={numeric ? 'text' : field.type === 'date' ? 'date' : 'text'}
                    inputMode={numeric ? valueType : undefined}
                    aria-invalid={invalid ? true : undefined}
                    aria-describedby={invalid ? messageId(valueId) : undefined}
                    {...register(`${field.key}.${index}.value`)}
                  />
                  <FieldMessage id={messageId(valueId)} messages={problems} />
                </td>
                {!fixed && (
                  <td>
                    <button
                      type="button"
                      className="button-link"
                      aria-label={t('form.removeArea', { number: index + 1 })}
                      onClick={() => remove(index)}
                      disabled={fields.length === 1}
                    >
                      ✕
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!fixed && (
        <button type="button" className="button-secondary" onClick={() => append({ area: '', value: '' })}>
          {t('form.addArea', { level })}
        </button>
      )}
    </fieldset>
  );
}
