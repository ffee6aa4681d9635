import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '@gotong/database/database.module';
import type { AppConfig } from '@gotong/config/config';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

export function temporalClientProvider() {
  return {
    provide: TEMPORAL_CLIENT,
    inject: [APP_CONFIG],
    useFactory: async (config: AppConfig): Promise<Client> => {
      const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
      return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
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
