/** Failure types a refused workflow update carries; the API maps them to HTTP statuses (403, 409, 400). */
export const TASK_FORBIDDEN = 'TaskForbidden';
export const TASK_NOT_OPEN = 'TaskNotOpen';
export const INVALID_CONTRIBUTION = 'InvalidContribution';
export const INVALID_REQUEST = 'InvalidRequest';
