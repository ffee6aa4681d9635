import { readableIncidentWorkflowId } from './incident';
import { projectKeyOf, projectWorkflowId, readableProjectWorkflowId, shortKey } from './project';
import { readableTaskWorkflowId, taskWorkflowId } from './task';

describe('readable workflow ids', () => {
  const projectId = '3f2a1b9c-5d4e-4f00-9abc-0123456789ab';
  const taskId = '7D41E0AA-1111-4222-8333-444455556666';

  it('takes the first 8 hex digits of an id as its short key', () => {
    expect(shortKey(projectId)).toBe('3f2a1b9c');
    expect(shortKey(taskId)).toBe('7d41e0aa');
    expect(shortKey('ab-c')).toBe('abc');
  });

  it('names a project by its lead OPD and key, an incident by year, type and key', () => {
    expect(readableProjectWorkflowId('BAPPEDA', shortKey(projectId))).toBe('project-BAPPEDA-3f2a1b9c');
    expect(readableIncidentWorkflowId(2026, 'banjir', '5be01c2d')).toBe('incident-2026-banjir-5be01c2d');
  });

  it("gives a task its OPD, its project's key and its own", () => {
    expect(readableTaskWorkflowId('DINSOS', '3f2a1b9c', taskId)).toBe('task-DINSOS-3f2a1b9c-7d41e0aa');
    expect(taskWorkflowId(taskId)).toBe(`agency-task-${taskId}`);
  });

  it("takes a project's key from its readable id, else from the project id", () => {
    // A readable id whose key is not the project id's start (a collision's next candidate).
    expect(projectKeyOf('project-KEC-KRAKSAAN-0badcafe', projectId)).toBe('0badcafe');
    expect(projectKeyOf(projectWorkflowId(projectId), projectId)).toBe('3f2a1b9c');
    expect(projectKeyOf(`citizen-report-${projectId}`, projectId)).toBe('3f2a1b9c');
  });
});
