import * as emergency from '@gotong/domain/emergency';

describe('@gotong/domain/emergency', () => {
  it('resolves to this folder and exports the public names of the former emergency.ts', () => {
    expect(Object.keys(emergency).sort()).toEqual(
      [
        'ACKNOWLEDGEMENT_FORM',
        'CLUSTERS',
        'CLUSTER_LABELS',
        'COMMAND_AGENCY',
        'INCIDENT_STATUSES',
        'INCIDENT_STATUS_LABELS',
        'INCIDENT_TYPES',
        'KECAMATAN_AGENCY_PREFIX',
        'RESPONSE_MATRIX',
        'SEVERITIES',
        'SEVERITY_LABELS',
        'SEVERITY_POLICY',
        'SITREP_FIELDS',
        'SITREP_FORM',
        'UNMET_REQUEST_STATUSES',
        'afterActionSummary',
        'figuresAsOf',
        'isIncidentStatus',
        'isIncidentType',
        'isKecamatanAgencyCode',
        'isSeverity',
        'kecamatanOf',
        'mobilisationFor',
        'parseInstant',
        'rollUpSitreps',
        'sitrepFigures',
        'statusTransitionRefusal',
      ].sort(),
    );
    expect(emergency.COMMAND_AGENCY).toBe('BPBD');
  });
});
