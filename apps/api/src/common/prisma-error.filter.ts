import { Catch, HttpStatus, Logger, type ArgumentsHost, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import { Prisma } from '@gotong/database/generated/prisma/client';
import { outageBody, outageOf, RETRY_AFTER_SECONDS } from './outage';

interface Response {
  headersSent: boolean;
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/**
 * A record that vanished between the access check and the read (P2025) is a 404, not a 500; PostgreSQL or
 * Temporal being down, or no worker answering within the deadline, is a 503 with Retry-After and a message
 * in the caller's language (see outage.ts). Everything else goes to Nest's default handling.
 */
@Catch()
export class PrismaErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Outage');

  constructor(
    applicationRef?: HttpServer,
    private readonly temporal?: Client,
  ) {
    super(applicationRef);
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(error, host);
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
      response
        .status(HttpStatus.NOT_FOUND)
        .json({ statusCode: 404, error: 'Not Found', message: 'record not found' });
      return;
    }
    const outage = outageOf(error, this.temporal);
    if (!outage || response.headersSent) return super.catch(error, host);
    this.logger.warn(`503 ${outage}: ${error instanceof Error ? error.message : String(error)}`);
    const request = host.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    response.setHeader('retry-after', String(RETRY_AFTER_SECONDS[outage]));
    response
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .json(outageBody(outage, request.headers['accept-language']));
  }
}
