import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { AllowsTemporaryPassword, Auth, Public, type AuthContext } from '../common/auth-context';
import { AuthService, PASSWORD_MIN_LENGTH, type LoginResult } from './auth.service';
import { LoginAttempts } from './login-attempts';
import { LOGIN_THROTTLE_KEY, LoginThrottlerGuard } from './login-throttler.guard';
import { Session, type TokenSession } from './session';

export class LoginDto {
  @ApiProperty({ example: 'staff.dinkes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    description: `At least ${PASSWORD_MIN_LENGTH} characters, not the current password`,
  })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly attempts: LoginAttempts,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in: a bearer token valid for JWT_TTL (refresh it with POST /auth/refresh before then)',
  })
  @ApiOkResponse({ description: 'A bearer token and the user it belongs to' })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed logins for this username from this address; Retry-After says how many seconds to wait',
  })
  async login(
    @Body() body: LoginDto,
    @Req() request: { [LOGIN_THROTTLE_KEY]?: string },
  ): Promise<LoginResult> {
    const result = await this.auth.login(body.username, body.password);
    // Only failed attempts count towards the limit.
    await this.attempts.clear(request[LOGIN_THROTTLE_KEY]);
    return result;
  }

  @ApiBearerAuth()
  @AllowsTemporaryPassword()
  @Get('me')
  @ApiOperation({ summary: 'Who am I: the signed-in user, OPD, role and acting post' })
  me(@Auth() auth: AuthContext): AuthContext {
    return auth;
  }

  @ApiBearerAuth()
  @AllowsTemporaryPassword()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sliding session: a fresh token for a valid one, which is revoked (call it before the token expires)',
  })
  @ApiOkResponse({ description: 'A new bearer token, as from login' })
  @ApiUnauthorizedResponse({ description: 'The token is missing, expired or revoked' })
  refresh(@Auth() auth: AuthContext, @Session() session: TokenSession): Promise<LoginResult> {
    return this.auth.refresh(auth, session);
  }

  @ApiBearerAuth()
  @AllowsTemporaryPassword()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the token is revoked (refused with 401 from now on)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiUnauthorizedResponse({ description: 'The token is missing, expired or already revoked' })
  async logout(@Auth() auth: AuthContext, @Session() session: TokenSession): Promise<void> {
    await this.auth.logout(auth, session);
  }

  @ApiBearerAuth()
  @AllowsTemporaryPassword()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Change the caller's password; the user's other sessions end, the caller gets a fresh token to carry on with",
  })
  @ApiOkResponse({ description: 'A new bearer token, as from login' })
  @ApiBadRequestResponse({
    description: `Names the problem: currentPassword is wrong, newPassword shorter than ${PASSWORD_MIN_LENGTH} or equal to the current one`,
  })
  @ApiUnauthorizedResponse({ description: 'The token is missing, expired or revoked' })
  changePassword(
    @Auth() auth: AuthContext,
    @Session() session: TokenSession,
    @Body() body: ChangePasswordDto,
  ): Promise<LoginResult> {
    return this.auth.changePassword(auth, session, body.currentPassword, body.newPassword);
  }
}
