// Workflow contracts: inputs, snapshots, ids and failure types, shared by workflows, activities and apps.
export * from './failures';
export * from './incident';
export * from './project';
export * from './task';
