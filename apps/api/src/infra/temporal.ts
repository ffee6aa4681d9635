import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { APP_CONFIG } from '@gotong/database/database.module';
import { temporalTls, type AppConfig } from '@gotong/config/config';
import { temporalDataConverter } from '@gotong/config/temporal-data-converter';
import { searchAttributesRegistered } from '@gotong/config/search-attributes';
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
