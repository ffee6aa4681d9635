import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  INVALID_CONTRIBUTION,
  INVALID_REQUEST,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
} from '@gotong/contracts/failures';
import { TEMPORAL_CLIENT } from './temporal';

/**
 * Sends Updates to workflows and turns their refusals into HTTP errors: the
 * workflow's validator has the final word (it sees the workflow's own state),
 * and a refusal never reaches the workflow's history.
 */
@Injectable()
export class WorkflowGateway {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  /**
   * `updateId` lets a caller retry the same request safely: Temporal hands a
   * repeated id the first attempt's outcome instead of running it twice.
   */
  async update<Ret, Arg>(
    workflowId: string,
    update: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    options?: { updateId?: string },
  ): Promise<Ret> {
    try {
      return await this.temporal.workflow
        .getHandle(workflowId)
        .executeUpdate(update, { args: [arg], updateId: options?.updateId });
    } catch (error) {
      throw translate(error);
    }
  }
}

function translate(error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) {
    return new ConflictException('this work has already finished');
  }
  if (!(error instanceof WorkflowUpdateFailedError)) {
    // An update to a workflow that completed meanwhile fails with a plain "workflow execution already completed".
    if (error instanceof Error && /already completed/i.test(error.message)) {
      return new ConflictException('this work has already finished');
    }
    return error;
  }
  const cause = error.cause;
  if (!(cause instanceof ApplicationFailure)) return new UnprocessableEntityException(error.message);
  switch (cause.type ?? '') {
    case TASK_FORBIDDEN:
      return new ForbiddenException(cause.message);
    case TASK_NOT_OPEN:
      return new ConflictException(cause.message);
    case INVALID_CONTRIBUTION: {
      const fieldErrors = (cause.details?.[0] ?? []) as { field: string; message: string }[];
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: fieldErrors.map((e) => `values.${e.field}: ${e.message}`.replace(/\.: /, ': ')),
        fieldErrors,
      });
    }
    case INVALID_REQUEST:
      return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [cause.message] });
    default:
      return new UnprocessableEntityException(cause.message);
  }
}
