import { Catch, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Prisma } from '@gotong/database/generated/prisma/client';

/**
 * A record that vanished between the access check and the read (P2025) is a
 * 404, not a 500. Other errors go to Nest's default handling.
 */
@Catch(Prisma.PrismaClientKnownRequestError)
export class PrismaErrorFilter extends BaseExceptionFilter {
  override catch(error: Prisma.PrismaClientKnownRequestError, host: ArgumentsHost): void {
    if (error.code !== 'P2025') return super.catch(error, host);
    const response = host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>();
    response
      .status(HttpStatus.NOT_FOUND)
      .json({ statusCode: 404, error: 'Not Found', message: 'record not found' });
  }
}
