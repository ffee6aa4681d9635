/**
 * The annual planning cycle (RKPD, Permendagri 86/2017) as data and pure rules: the stage calendar of a year,
 * Musrenbang topics and the OPDs that decide them, proposal input, the OPDs' decision form and the status and
 * figures that follow from the decisions. Imported as `@gotong/domain/planning` by the API, the activities and
 * the planning workflow (pure: no I/O, no clock).
 */
export * from './stages';
export * from './topics';
export * from './proposals';
export * from './decisions';
export * from './overview';
export * from './access';
