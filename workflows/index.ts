// Every workflow type the worker registers. Keep this file to re-exports only.
export { agencyTaskWorkflow } from './agency-task.workflow';
export { jointProjectWorkflow } from './joint-project.workflow';
export { incidentWorkflow } from './incident.workflow';
export { resourceRequestWorkflow } from './resource-request.workflow';
