import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, post } from '../../api/client';
import type { Agency, CoverageWarning, IncidentSummary, IncidentType, Page, Severity } from '../../api/types';
import { useUser } from '../../auth/AuthProvider';
import { may } from '../../auth/permissions';
import { areaName } from '@gotong/domain/region';
import { AreaPicker } from '../../components/AreaPicker';
import { FieldMessage } from '../../components/FieldMessage';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { startedWith } from '../../components/UncoveredWarning';
import { parseDesaCodes } from '../../emergency/incident-model';
import { INCIDENT_TYPES, SEVERITIES } from '@gotong/domain/emergency';

interface Values {
  type: IncidentType | '';
  severity: Severity | '';
  status: 'TANGGAP_DARURAT' | 'SIAGA_DARURAT';
  kecamatan: string[];
  desa: string;
  title: string;
  description: string;
}

/**
 * The API answers 201 once the incident's workflow has started; the incident row is written by its first
 * activity a moment later. Wait until the list shows it (a 404 from the dashboard in the meantime would
 * only be noise), for at most ~15 s; the dashboard copes with the rest.
 */
async function untilListed(id: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const page = await api<Page<IncidentSummary>>('/incidents?pageSize=20');
    if (page.items.some((incident) => incident.id === id)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** BPBD (the command) or leadership declares an incident: type, severity, kecamatan and desa, situation. */
export function DeclareIncidentPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api<Agency[]>('/agencies') });
  const {
    register,
    handleSubmit,
    control,
    getValues,
    setValue,
    formState: { errors },
  } = useForm<Values>({
    defaultValues: {
      type: '',
      severity: '',
      status: 'TANGGAP_DARURAT',
      kecamatan: [],
      desa: '',
      title: '',
      description: '',
    },
  });
  const kecamatanChosen = useWatch({ control, name: 'kecamatan' });
  const desaText = useWatch({ control, name: 'desa' });
  const [desaSearch, setDesaSearch] = useState('');
  const declare = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      const created = await post<{ id: string; warnings?: CoverageWarning[] }>('/incidents', body);
      await untilListed(created.id);
      return created;
    },
    // Mobilised OPDs with nobody to acknowledge are said on the incident's page (UncoveredWarning in the Layout).
    onSuccess: (created) => void navigate(`/incidents/${created.id}`, startedWith(created.warnings)),
  });
  if (!may.commandIncidents(user)) {
    return (
      <section className="notice notice-warning">
        <h1>{t('declare.title')}</h1>
        <p>{t('declare.notAllowed')}</p>
        <p>
          <Link to="/incidents">{t('incident.back')}</Link>
        </p>
      </section>
    );
  }
  const chosen = kecamatanChosen;
  const onSubmit = (values: Values) => {
    const desa = parseDesaCodes(values.desa, values.kecamatan).codes;
    declare.mutate({
      type: values.type,
      severity: values.severity,
      status: values.status,
      kecamatan: values.kecamatan,
      ...(desa.length > 0 ? { desa } : {}),
      ...(values.title.trim() ? { title: values.title.trim() } : {}),
      description: values.description.trim(),
    });
  };
  const invalid = (name: keyof Values) => (errors[name] ? true : undefined);
  const describedBy = (name: keyof Values, help?: string) =>
    [help, errors[name] ? `declare-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <h1>{t('declare.title')}</h1>
      <p className="muted">{t('declare.intro')}</p>
      <QueryState query={agencies}>
        {(list) => {
          const kecamatan = list
            .filter((a) => a.kind === 'KECAMATAN' && a.areaCode)
            .sort((a, b) => a.name.localeCompare(b.name));
          return (
            <form className="card" noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
              <div className={errors.type ? 'field field-invalid' : 'field'}>
                <label htmlFor="declare-type">{t('declare.type')}</label>
                <select
                  id="declare-type"
                  aria-invalid={invalid('type')}
                  aria-describedby={describedBy('type')}
                  {...register('type', { required: t('declare.typeRequired') })}
                >
                  <option value="">{t('declare.chooseType')}</option>
                  {INCIDENT_TYPES.map((type) => (
                    <option key={type.code} value={type.code}>
                      {t(`incidentType.${type.code}`)}
                    </option>
                  ))}
                </select>
                <FieldMessage id="declare-type-error" messages={errors.type?.message} />
              </div>
              <div className={errors.severity ? 'field field-invalid' : 'field'}>
                <label htmlFor="declare-severity">{t('declare.severity')}</label>
                <select
                  id="declare-severity"
                  aria-invalid={invalid('severity')}
                  aria-describedby={describedBy('severity')}
                  {...register('severity', { required: t('declare.severityRequired') })}
                >
                  <option value="">{t('declare.chooseSeverity')}</option>
                  {SEVERITIES.map((severity) => (
                    <option key={severity} value={severity}>
                      {t(`severity.${severity}`)}
                    </option>
                  ))}
                </select>
                <FieldMessage id="declare-severity-error" messages={errors.severity?.message} />
              </div>
              <div className="field">
                <label htmlFor="declare-status">{t('declare.status')}</label>
                <select id="declare-status" {...register('status')}>
                  <option value="TANGGAP_DARURAT">{t('incidentStatus.TANGGAP_DARURAT')}</option>
                  <option value="SIAGA_DARURAT">{t('incidentStatus.SIAGA_DARURAT')}</option>
                </select>
              </div>
              <div className={errors.kecamatan ? 'field field-invalid' : 'field'}>
                <fieldset
                  className="choice-grid"
                  aria-invalid={invalid('kecamatan')}
                  aria-describedby={describedBy('kecamatan')}
                >
                  <legend>{t('declare.kecamatan')}</legend>
                  {kecamatan.map((k) => (
                    <label key={k.code}>
                      <input
                        type="checkbox"
                        value={k.areaCode ?? ''}
                        {...register('kecamatan', {
                          validate: (v) => v.length > 0 || t('declare.kecamatanRequired'),
                        })}
                      />
                      {k.name.replace(/^Kecamatan\s+/i, '')} ({k.areaCode})
                    </label>
                  ))}
                </fieldset>
                <FieldMessage id="declare-kecamatan-error" messages={errors.kecamatan?.message} />
              </div>
              <div className={errors.desa ? 'field field-invalid' : 'field'}>
                <label htmlFor="declare-desa">{t('declare.desa')}</label>
                <p id="declare-desa-help" className="help">
                  {t('declare.desaHelp')}
                </p>
                <input
                  id="declare-desa"
                  aria-invalid={invalid('desa')}
                  aria-describedby={describedBy('desa', 'declare-desa-help')}
                  {...register('desa', {
                    validate: (v) => {
                      const parsed = parseDesaCodes(v, chosen);
                      if (parsed.invalid.length > 0)
                        return t('declare.desaInvalid', { codes: parsed.invalid.join(', ') });
                      if (parsed.outside.length > 0)
                        return t('declare.desaOutside', { codes: parsed.outside.join(', ') });
                      return true;
                    },
                  })}
                />
                <FieldMessage id="declare-desa-error" messages={errors.desa?.message} />
                {parseDesaCodes(desaText ?? '', chosen).codes.length > 0 && (
                  <p className="help" aria-live="polite">
                    {parseDesaCodes(desaText ?? '', chosen)
                      .codes.map((code) => `${areaName(code) ?? code} (${code})`)
                      .join(', ')}
                  </p>
                )}
                <label htmlFor="declare-desa-search">{t('declare.addDesa')}</label>
                <AreaPicker
                  id="declare-desa-search"
                  level="desa"
                  withinKecamatan={chosen}
                  value={desaSearch}
                  onChange={setDesaSearch}
                  onChoose={(area) => {
                    const { codes } = parseDesaCodes(getValues('desa'), chosen);
                    if (!codes.includes(area.code)) {
                      const text = getValues('desa').trim();
                      setValue('desa', text ? `${text}, ${area.code}` : area.code, {
                        shouldValidate: Boolean(errors.desa),
                      });
                    }
                    setDesaSearch('');
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor="declare-title">{t('declare.incidentTitle')}</label>
                <p id="declare-title-help" className="help">
                  {t('declare.incidentTitleHelp')}
                </p>
                <input id="declare-title" aria-describedby="declare-title-help" {...register('title')} />
              </div>
              <div className={errors.description ? 'field field-invalid' : 'field'}>
                <label htmlFor="declare-description">{t('declare.description')}</label>
                <textarea
                  id="declare-description"
                  rows={4}
                  aria-invalid={invalid('description')}
                  aria-describedby={describedBy('description')}
                  {...register('description', {
                    validate: (v) => v.trim() !== '' || t('declare.descriptionRequired'),
                  })}
                />
                <FieldMessage id="declare-description-error" messages={errors.description?.message} />
              </div>
              {declare.error && <ErrorNotice error={declare.error} />}
              <button type="submit" className="button-danger" disabled={declare.isPending}>
                {declare.isPending ? t('declare.submitting') : t('declare.submit')}
              </button>
            </form>
          );
        }}
      </QueryState>
    </>
  );
}
