import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import {
  CreatePolicyDraftDto,
  ListPolicyDraftsQuery,
  SignOffPolicyDto,
  UploadPolicyVersionDto,
  WithdrawPolicyDto,
} from './policy.dto';
import { PolicyService } from './policy.service';

const UUID = new ParseUUIDPipe();

@ApiTags('policy')
@ApiBearerAuth()
@Controller('policy-drafts')
export class PolicyDraftsController {
  constructor(private readonly policy: PolicyService) {}

  @Post()
  @ApiCreatedResponse({
    description:
      'Started (DRAFTING): the reviewers are the OPDs named and the legal section; the first version follows',
  })
  @ApiBadRequestResponse({ description: 'Unknown kind or OPD, empty title, the drafting OPD as reviewer' })
  @ApiForbiddenResponse({ description: 'Only a lead or the Kepala OPD starts a draft for its OPD' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Start a joint policy draft' })
  create(
    @Auth() auth: AuthContext,
    @Body() body: CreatePolicyDraftDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.policy.create(auth, body, key);
  }

  @Get()
  @ApiOkResponse({
    description: 'Drafts of the caller’s OPD and those it reviews (every draft for leadership)',
  })
  @ApiOperation({ summary: 'List the policy drafts the caller may see' })
  list(@Auth() auth: AuthContext, @Query() query: ListPolicyDraftsQuery) {
    return this.policy.list(auth, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The draft: versions, the paraf of each reviewer per version, sign-offs' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller’s OPD neither drafts nor reviews it' })
  @ApiOperation({ summary: 'A policy draft' })
  read(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.policy.read(auth, id);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ description: 'Who uploaded, initialled, returned or signed which version, oldest first' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  @ApiOperation({ summary: "A policy draft's timeline" })
  timeline(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.policy.timeline(auth, id);
  }

  @Post(':id/versions')
  @ApiCreatedResponse({ description: 'The new version goes to every reviewer OPD’s inbox for its paraf' })
  @ApiBadRequestResponse({
    description: 'Not a file of the drafting OPD on this draft, or already a version',
  })
  @ApiForbiddenResponse({ description: 'Only a lead or the Kepala OPD of the drafting OPD' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'In review, awaiting sign-off, signed or withdrawn' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Upload a new version of a policy draft' })
  uploadVersion(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: UploadPolicyVersionDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.policy.uploadVersion(auth, id, body, key);
  }

  @Post(':id/sign-off')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Signed (on to the Bupati, or SIGNED) or returned for a new version' })
  @ApiBadRequestResponse({ description: 'A return without a note' })
  @ApiForbiddenResponse({ description: 'Only the Sekda or the Bupati (or their Plt./Plh.)' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Not every reviewer has initialled, or it awaits the other office' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Sign or return a policy draft (Sekda, then Bupati)' })
  signOff(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: SignOffPolicyDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.policy.signOff(auth, id, body, key);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Withdrawn: open reviews are closed' })
  @ApiBadRequestResponse({ description: 'No reason' })
  @ApiForbiddenResponse({ description: 'Only a lead or the Kepala OPD of the drafting OPD' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already signed or withdrawn' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Withdraw a policy draft' })
  withdraw(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: WithdrawPolicyDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.policy.withdraw(auth, id, body, key);
  }
}
