/**
 * "Data satu pintu" (Satu Data Indonesia, Perpres 39/2019): indicator standards (standard.ts), their periods
 * (periods.ts), the form fields and cells they become (forms.ts), and reconciliation of conflicting figures
 * (reconciliation.ts). Pure and deterministic: workflow code imports it. See docs/domain.md.
 */
export * from './forms';
export * from './periods';
export * from './reconciliation';
export * from './standard';
export * from './decisions';
