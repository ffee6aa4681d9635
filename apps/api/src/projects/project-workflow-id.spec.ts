import { ServiceUnavailableException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ProjectInput } from '@gotong/contracts/project';
import { ProjectsService } from './projects.service';

jest.mock('@gotong/config/search-attributes', () => ({
  searchAttributesRegistered: () => Promise.resolve(),
}));

/**
 * How ProjectsService chooses a project's readable workflow id (startWorkflow): the project id's first 8 hex,
 * and past a collision the next candidate, the same for every repeat of one request.
 */
describe('a project started by the API gets project-<lead OPD>-<8 hex>', () => {
  const projectId = '3f2a1b9c-5d4e-4f00-9abc-0123456789ab';
  const auth = { agencyCode: 'BAPPEDA' } as never;
  const input = { projectId, title: 'Uji' } as ProjectInput;

  /** A service over fake rows (workflowId → project id) and a fake Temporal namespace (workflowId → project id). */
  function serviceWith(rows: Map<string, string>, running: Map<string, string>) {
    const started: string[] = [];
    const db = {
      jointProject: {
        findUnique: ({ where }: { where: { id?: string; workflowId?: string } }) => {
          if (where.id !== undefined) {
            const found = [...rows].find(([, id]) => id === where.id);
            return Promise.resolve(found ? { workflowId: found[0] } : null);
          }
          const id = rows.get(where.workflowId!);
          return Promise.resolve(id ? { id } : null);
        },
      },
    };
    const temporal = {
      workflow: {
        start: (_type: string, options: { workflowId: string }) => {
          started.push(options.workflowId);
          if (running.has(options.workflowId))
            return Promise.reject(
              new WorkflowExecutionAlreadyStartedError('started', options.workflowId, 'jointProjectWorkflow'),
            );
          running.set(options.workflowId, projectId);
          return Promise.resolve();
        },
        getHandle: (workflowId: string) => ({
          describe: () =>
            running.has(workflowId)
              ? Promise.resolve({ typedSearchAttributes: { get: () => running.get(workflowId) } })
              : Promise.reject(new WorkflowNotFoundError('not found', workflowId, undefined)),
        }),
      },
    };
    const config = { TEMPORAL_TASK_QUEUE: 'q' };
    const none = undefined as never;
    const service = new ProjectsService(
      db as never,
      config as never,
      temporal as never,
      none,
      none,
      none,
      none,
    );
    const startWorkflow = (
      service as unknown as { startWorkflow: (a: unknown, i: ProjectInput) => Promise<string> }
    ).startWorkflow.bind(service);
    return { startWorkflow: () => startWorkflow(auth, input), started };
  }

  it("takes the project id's first 8 hex", async () => {
    const { startWorkflow, started } = serviceWith(new Map(), new Map());
    expect(await startWorkflow()).toBe('project-BAPPEDA-3f2a1b9c');
    expect(started).toEqual(['project-BAPPEDA-3f2a1b9c']);
  });

  it('passes over an id another project holds, in Temporal or on its row, and repeats find the same one', async () => {
    const running = new Map([['project-BAPPEDA-3f2a1b9c', 'another-project']]);
    const first = serviceWith(new Map(), running);
    const id = await first.startWorkflow();
    expect(id).toMatch(/^project-BAPPEDA-[0-9a-f]{8}$/);
    expect(id).not.toBe('project-BAPPEDA-3f2a1b9c');
    expect(first.started).toEqual(['project-BAPPEDA-3f2a1b9c', id]);

    // A copy of the same request fired together: the same candidates, and its own project found running.
    const copy = serviceWith(new Map(), running);
    expect(await copy.startWorkflow()).toBe(id);

    // A repeat once the rows are written: the row answers, nothing is started.
    const repeat = serviceWith(new Map([[id, projectId]]), running);
    expect(await repeat.startWorkflow()).toBe(id);
    expect(repeat.started).toEqual([]);

    // A candidate whose row names another project (its workflow gone after retention) is not tried.
    const retained = serviceWith(new Map([['project-BAPPEDA-3f2a1b9c', 'old-project']]), new Map());
    expect(await retained.startWorkflow()).toBe(id);
    expect(retained.started).toEqual([id]);
  });

  it('refuses with a 503 (to be sent again), not a 500, when every candidate is taken', async () => {
    /** A namespace in which every project-BAPPEDA-… id runs another project. */
    class AllTaken extends Map<string, string> {
      override has(): boolean {
        return true;
      }
      override get(): string {
        return 'another-project';
      }
    }
    const { startWorkflow, started } = serviceWith(new Map(), new AllTaken());
    const refused = await startWorkflow().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableException);
    expect((refused as ServiceUnavailableException).getStatus()).toBe(503);
    expect(started).toHaveLength(6);
    expect(new Set(started).size).toBe(6);
  });
});
