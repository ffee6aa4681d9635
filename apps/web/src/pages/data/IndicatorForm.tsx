import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { INDICATOR_AREA_LEVELS, INDICATOR_VALUE_TYPES, PERIODICITIES } from '@gotong/domain/data-standard';
import { INDICATOR_CODE_PATTERN } from '@gotong/domain/form-schema';
import { api, post } from '../../api/client';
import type { Agency, IndicatorStandard } from '../../api/types';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice } from '../../components/QueryState';
import {
  draftFromStandard,
  emptyIndicatorDraft,
  standardBody,
  type IndicatorDraft,
} from '../../data/indicator-draft';

const NUMBER = /^-?\d+([.,]\d+)?$/;

/**
 * The walidata (or admin) defines an indicator standard (POST /data/indicators), or a new version of one:
 * then the form starts from the current version, its code fixed and its breakdown kept.
 */
export function IndicatorForm({ current }: { current?: IndicatorStandard }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {current ? t('indicatorForm.newVersion') : t('indicatorForm.new')}
      </button>
    );
  }
  return <IndicatorFields current={current} onClose={() => setOpen(false)} />;
}

function IndicatorFields({ current, onClose }: { current?: IndicatorStandard; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<IndicatorDraft>({
    defaultValues: current ? draftFromStandard(current) : emptyIndicatorDraft(),
  });
  const define = useMutation({
    mutationFn: (draft: IndicatorDraft) =>
      post<{ code: string; version: number }>('/data/indicators', standardBody(draft, current?.breakdown)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['data', 'indicators'] });
      onClose();
      void navigate(`/data/indicators/${encodeURIComponent(saved.code)}`);
    },
  });
  const required = (v: string) => v.trim() !== '' || t('problem.required');
  const optionalNumber = (v: string) => v.trim() === '' || NUMBER.test(v.trim()) || t('problem.number');
  const field = (name: keyof IndicatorDraft) => ({
    id: `indicator-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `indicator-${name}-error` : undefined,
  });
  const message = (name: keyof IndicatorDraft) => (
    <FieldMessage id={`indicator-${name}-error`} messages={errors[name]?.message} />
  );
  const css = (name: keyof IndicatorDraft) => (errors[name] ? 'field field-invalid' : 'field');
  const producers = (agencies.data ?? [])
    .filter((a) => a.kind !== 'KECAMATAN')
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section className="card card-action" aria-labelledby="indicator-form-title">
      <h2 id="indicator-form-title">
        {current ? t('indicatorForm.newVersionOf', { code: current.code }) : t('indicatorForm.new')}
      </h2>
      <form noValidate onSubmit={(event) => void handleSubmit((v) => define.mutate(v))(event)}>
        <div className={css('code')}>
          <label htmlFor="indicator-code">{t('indicatorForm.code')}</label>
          <p className="help">{t('indicatorForm.codeHelp')}</p>
          <input
            {...field('code')}
            readOnly={Boolean(current)}
            {...register('code', {
              validate: (v) => INDICATOR_CODE_PATTERN.test(v.trim()) || t('indicatorForm.codeInvalid'),
            })}
          />
          {message('code')}
        </div>
        <div className={css('name')}>
          <label htmlFor="indicator-name">{t('indicatorForm.name')}</label>
          <input {...field('name')} {...register('name', { validate: required })} />
          {message('name')}
        </div>
        <div className={css('definition')}>
          <label htmlFor="indicator-definition">{t('indicatorForm.definition')}</label>
          <textarea rows={3} {...field('definition')} {...register('definition', { validate: required })} />
          {message('definition')}
        </div>
        <div className="inline-form">
          <div className={css('unit')}>
            <label htmlFor="indicator-unit">{t('indicators.unit')}</label>
            <input {...field('unit')} {...register('unit', { validate: required })} />
            {message('unit')}
          </div>
          <div className="field">
            <label htmlFor="indicator-valueType">{t('indicators.valueType')}</label>
            <select id="indicator-valueType" {...register('valueType')}>
              {INDICATOR_VALUE_TYPES.map((v) => (
                <option key={v} value={v}>
                  {t(`valueType.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={css('min')}>
            <label htmlFor="indicator-min">{t('indicatorForm.min')}</label>
            <input inputMode="decimal" {...field('min')} {...register('min', { validate: optionalNumber })} />
            {message('min')}
          </div>
          <div className={css('max')}>
            <label htmlFor="indicator-max">{t('indicatorForm.max')}</label>
            <input inputMode="decimal" {...field('max')} {...register('max', { validate: optionalNumber })} />
            {message('max')}
          </div>
        </div>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="indicator-areaLevel">{t('indicators.areaLevel')}</label>
            <select id="indicator-areaLevel" {...register('areaLevel')}>
              {INDICATOR_AREA_LEVELS.map((v) => (
                <option key={v} value={v}>
                  {t(`areaLevel.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="indicator-periodicity">{t('indicators.periodicity')}</label>
            <select id="indicator-periodicity" {...register('periodicity')}>
              {PERIODICITIES.map((v) => (
                <option key={v} value={v}>
                  {t(`periodicity.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={css('jumpFactor')}>
            <label htmlFor="indicator-jumpFactor">{t('indicatorForm.jumpFactor')}</label>
            <input
              inputMode="decimal"
              {...field('jumpFactor')}
              {...register('jumpFactor', { validate: optionalNumber })}
            />
            {message('jumpFactor')}
          </div>
        </div>
        <fieldset
          className={css('producers')}
          aria-describedby={errors.producers ? 'indicator-producers-error' : undefined}
        >
          <legend>{t('indicators.producers')}</legend>
          <div className="choices choices-columns">
            {producers.map((a) => (
              <label key={a.code} className="choice">
                <input
                  type="checkbox"
                  value={a.code}
                  {...register('producers', {
                    validate: (v) => v.length > 0 || t('indicatorForm.producersRequired'),
                  })}
                />
                {a.name} ({a.code})
              </label>
            ))}
          </div>
          {message('producers')}
        </fieldset>
        <div className={css('source')}>
          <label htmlFor="indicator-source">{t('indicators.source')}</label>
          <input {...field('source')} {...register('source', { validate: required })} />
          {message('source')}
        </div>
        <div className={css('method')}>
          <label htmlFor="indicator-method">{t('indicators.method')}</label>
          <input {...field('method')} {...register('method', { validate: required })} />
          {message('method')}
        </div>
        <div className={css('contact')}>
          <label htmlFor="indicator-contact">{t('indicators.contact')}</label>
          <input {...field('contact')} {...register('contact', { validate: required })} />
          {message('contact')}
        </div>
        {define.error && <ErrorNotice error={define.error} />}
        <div className="actions">
          <button type="submit" disabled={define.isPending}>
            {define.isPending ? t('common.sending') : t('indicatorForm.save')}
          </button>
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
