import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { APP_CONFIG } from '@gotong/database/database.module';
import { temporalTls, type AppConfig } from '@gotong/config/config';
import { temporalDataConverter } from '@gotong/config/temporal-data-converter';
import { searchAttributesRegistered } from '@gotong/config/search-attributes';
import { PROJECT_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import { shortKey, SHORT_KEY_LENGTH } from '@gotong/contracts/project';
import { temporalClientInterceptors } from '@gotong/observability/tracing';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/**
 * Starts a workflow unless its id is taken (running, or finished as the options' reuse policy says): a repeated
 * request (the same Idempotency-Key, a retried client) finds the first run instead of failing. Whether this
 * call started it.
 */
export async function startOnce<T extends Workflow>(
  client: Client,
  workflowType: string | T,
  options: WorkflowStartOptions<T>,
): Promise<boolean> {
  await searchAttributesRegistered(client);
  try {
    await client.workflow.start(workflowType, options);
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** How many readable ids one start tries before it gives up (the sixth is never needed in practice). */
export const READABLE_ID_ATTEMPTS = 6;

/**
 * Starts a workflow under a readable id, `…-<8 hex>`, and answers the id it runs under. The 8 hex are the
 * object id's first (random: the id is a random UUID, from the Idempotency-Key's row when there is one), so
 * every repeat of one request tries the same ids in the same order and finds its workflow where the first copy
 * started it, starting nothing twice. A candidate another object holds is passed over for the next, a hash of
 * the object id and the attempt. "Holds" is read in two places: the row (`holderOf`, the object whose row
 * stores that workflow id) and Temporal (a start under an id it knows is refused, REJECT_DUPLICATE, and the
 * workflow's GotongProjectId names whose it is). Two objects of one kind share a first candidate once in
 * 2^32 pairs; after READABLE_ID_ATTEMPTS taken ones the request is refused with a 503, to be sent again.
 */
export async function startUnderFreeId<T extends Workflow>(
  client: Client,
  workflowType: string,
  plan: {
    /** The object the workflow runs (a project, an incident): the source of the key. */
    objectId: string;
    /** The GotongProjectId the workflow carries, which tells its own run from another object's. */
    projectId: string;
    /** The workflow id for a candidate key. */
    workflowIdFor: (key: string) => string;
    /** The object whose row holds the workflow id, or null when none does. */
    holderOf: (workflowId: string) => Promise<string | null>;
    options: Omit<WorkflowStartOptions<T>, 'workflowId' | 'workflowIdReusePolicy'>;
  },
): Promise<string> {
  for (let attempt = 0; attempt < READABLE_ID_ATTEMPTS; attempt++) {
    const key =
      attempt === 0
        ? shortKey(plan.objectId)
        : createHash('sha256').update(`${plan.objectId}:${attempt}`).digest('hex').slice(0, SHORT_KEY_LENGTH);
    const workflowId = plan.workflowIdFor(key);
    const holder = await plan.holderOf(workflowId);
    if (holder !== null) {
      if (holder === plan.objectId) return workflowId;
      continue;
    }
    const started = await startOnce<T>(client, workflowType, {
      ...plan.options,
      workflowId,
      // Even a finished workflow is never started again under its id.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    } as WorkflowStartOptions<T>);
    if (started || (await projectIdOfWorkflow(client, workflowId)) === plan.projectId) return workflowId;
  }
  throw new ServiceUnavailableException(
    `No free workflow id for ${plan.objectId} after ${READABLE_ID_ATTEMPTS} attempts; send the request again`,
  );
}

/** The project a workflow runs (its GotongProjectId), or null when Temporal does not know the workflow. */
async function projectIdOfWorkflow(client: Client, workflowId: string): Promise<string | null> {
  try {
    const described = await client.workflow.getHandle(workflowId).describe();
    return described.typedSearchAttributes.get(PROJECT_ATTRIBUTE) ?? null;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

export function temporalClientProvider() {
  return {
    provide: TEMPORAL_CLIENT,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig): Client => {
      // Lazy: the API boots and answers (503 from /health/ready and from calls that need Temporal) while the
      // cluster is down or still starting, and gRPC reconnects by itself once it is back.
      const connection = Connection.lazy({
        address: config.TEMPORAL_ADDRESS,
        tls: temporalTls(config),
      });
      void connection.ensureConnected().catch((error: unknown) => {
        new Logger('Temporal').warn(
          `Temporal at ${config.TEMPORAL_ADDRESS} does not answer yet (${(error as Error).message}); requests that need it answer 503 until it does`,
        );
      });
      return new Client({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter: temporalDataConverter(config),
        // A start, an update or a signal is a child span of the HTTP request and carries its trace onwards.
        interceptors: temporalClientInterceptors(),
      });
    },
  };
}

@Injectable()
export class TemporalLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
