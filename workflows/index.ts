// Every workflow type the worker registers, one folder per feature. Keep this file to re-exports only.
export { agencyTaskWorkflow } from './task/task.workflow';
export { jointProjectWorkflow } from './project/project.workflow';
export { incidentWorkflow } from './incident/incident.workflow';
export { resourceRequestWorkflow } from './incident/resource-request.workflow';
export { dataConflictResolutionWorkflow } from './data/conflict-resolution.workflow';
export {
  dataFigureRevisionWorkflow,
  dataReconciliationDecisionWorkflow,
} from './data/reconciliation-decision.workflow';
export { dataCollectionWorkflow } from './data/collection.workflow';
export { dataIncidentFiguresWorkflow } from './data/incident-figures.workflow';
export { policyDraftWorkflow } from './policy/policy.workflow'; // #18 policy
export { planningCycleWorkflow } from './planning/planning-cycle.workflow'; // #18 planning
export { citizenReportWorkflow } from './citizen/citizen-report.workflow'; // #18 citizen
