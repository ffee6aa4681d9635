import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import type { AppConfig } from '@gotong/config/config';
import { AesGcmPayloadCodec, PayloadDecryptionError } from '@gotong/config/payload-codec';
import { APP_CONFIG } from '@gotong/database/database.module';
import { LoginDto } from '../auth/auth.controller';
import { AuthService } from '../auth/auth.service';
import { LoginAttempts } from '../auth/login-attempts';
import { LOGIN_THROTTLE_KEY, LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { Public } from '../common/auth-context';
import {
  clearedCookie,
  CODEC_PATH,
  CodecAuthGuard,
  codecToken,
  requireOperator,
  type CodecRequest,
  sessionCookie,
} from './codec-auth';
import { payloadsFromBody, payloadToJson, type PayloadJson } from './payload-json';

interface CodecResponse {
  setHeader(name: string, value: string): void;
}

type SessionRequest = CodecRequest & { [LOGIN_THROTTLE_KEY]?: string };

/**
 * Temporal's remote codec endpoint, for the Temporal UI and CLI (docs: "Encrypted payloads"): payloads are
 * encrypted with PAYLOAD_ENCRYPTION_KEYS (libs/config/src/payload-codec.ts) before they reach Temporal, so the
 * UI shows them only through here, to an operator (ADMIN) who signed in. The browser calls it from the UI's
 * origin (CORS: CodecCorsMiddleware) with the codec session cookie; the CLI with a bearer token.
 */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  private readonly codec: AesGcmPayloadCodec;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
    private readonly attempts: LoginAttempts,
  ) {
    this.codec = new AesGcmPayloadCodec(config.PAYLOAD_ENCRYPTION_KEYS);
  }

  @Public()
  @UseGuards(CodecAuthGuard)
  @Post('decode')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Decrypts Temporal payloads ({"payloads": [...]}, proto JSON) for the Temporal UI or CLI; payloads that are not encrypted come back unchanged. Signed in with the gotong_codec cookie (POST /codec/session) or a bearer token',
  })
  @ApiOkResponse({ description: 'The same payloads, decrypted' })
  @ApiBadRequestResponse({
    description: 'A malformed request, or a payload that cannot be decrypted (unknown key id, altered data)',
  })
  @ApiUnauthorizedResponse({ description: 'No session cookie or bearer token, or an expired or revoked one' })
  @ApiForbiddenResponse({
    description: 'Not an operator (ADMIN), or a browser origin not in CODEC_CORS_ORIGINS',
  })
  async decode(@Body() body: unknown): Promise<{ payloads: PayloadJson[] }> {
    const payloads = payloadsFromBody(body);
    const decoded: Payload[] = [];
    for (const [index, payload] of payloads.entries()) {
      try {
        decoded.push(...(await this.codec.decode([payload])));
      } catch (error) {
        if (!(error instanceof PayloadDecryptionError)) throw error;
        throw new BadRequestException({
          message: [`payloads[${index}]: ${error.message}`],
          error: 'Bad Request',
          statusCode: 400,
        });
      }
    }
    return { payloads: decoded.map(payloadToJson) };
  }

  @Public()
  @UseGuards(CodecAuthGuard)
  @Post('encode')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Encrypts Temporal payloads with the current key, for what the Temporal UI or CLI sends (a signal, a start). Signed in with the gotong_codec cookie or a bearer token',
  })
  @ApiOkResponse({ description: 'The same payloads, encrypted' })
  @ApiBadRequestResponse({ description: 'A malformed request' })
  @ApiUnauthorizedResponse({ description: 'No session cookie or bearer token, or an expired or revoked one' })
  @ApiForbiddenResponse({
    description: 'Not an operator (ADMIN), or a browser origin not in CODEC_CORS_ORIGINS',
  })
  async encode(@Body() body: unknown): Promise<{ payloads: PayloadJson[] }> {
    const encoded = await this.codec.encode(payloadsFromBody(body));
    return { payloads: encoded.map(payloadToJson) };
  }

  /** The operator's sign-in page: a plain form (no script), posting to /codec/session. */
  @Public()
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiExcludeEndpoint()
  page(): string {
    return page(
      'Sign in to decode Temporal payloads',
      `<p>Operators (ADMIN) only. The session lasts as long as a sign-in to Gotong and is sent only to ${CODEC_PATH}.</p>
<form method="post" action="${CODEC_PATH}/session">
<p><label>Username <input name="username" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p>
</form>
<form method="post" action="${CODEC_PATH}/logout"><p><button type="submit">Sign out</button></p></form>`,
    );
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('session')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Signs an operator (ADMIN) in for the codec: sets the HttpOnly session cookie the Temporal UI sends to /codec (JSON or a form post)',
  })
  @ApiOkResponse({
    description: 'Signed in; the cookie is set (a form post gets a page saying so)',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { username: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
          required: ['username', 'expiresAt'],
        },
      },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  @ApiForbiddenResponse({ description: 'Not an operator (ADMIN), or a one-time password not yet changed' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins; Retry-After says how long to wait' })
  async session(
    @Body() body: LoginDto,
    @Req() request: SessionRequest,
    @Res({ passthrough: true }) response: CodecResponse,
  ): Promise<{ username: string; expiresAt: string } | string> {
    const login = await this.auth.login(body.username, body.password);
    await this.attempts.clear(request[LOGIN_THROTTLE_KEY]);
    const { auth, session } = await this.auth.authenticate(login.accessToken);
    try {
      requireOperator(auth);
    } catch (error) {
      // Nobody else gets a token out of this route.
      await this.auth.logout(auth, session);
      throw error;
    }
    response.setHeader(
      'Set-Cookie',
      sessionCookie(login.accessToken, session.expiresAt, request.secure === true),
    );
    response.setHeader('Cache-Control', 'no-store');
    if (isForm(request)) {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      return page(
        'Signed in',
        `<p>Signed in as ${escape(auth.username)} until ${escape(session.expiresAt.toISOString())}. The Temporal UI now shows decrypted payloads (with "include cross-origin credentials" on in its codec settings).</p>
<form method="post" action="${CODEC_PATH}/logout"><p><button type="submit">Sign out</button></p></form>`,
      );
    }
    return { username: auth.username, expiresAt: session.expiresAt.toISOString() };
  }

  @Public()
  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends the codec session: its token is revoked and the cookie cleared' })
  @ApiOkResponse({
    description: 'Signed out (also when there was no session)',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { signedOut: { type: 'boolean', enum: [true] } },
          required: ['signedOut'],
        },
      },
      'text/html': { schema: { type: 'string' } },
    },
  })
  async logout(
    @Req() request: SessionRequest,
    @Res({ passthrough: true }) response: CodecResponse,
  ): Promise<{ signedOut: true } | string> {
    const token = codecToken(request);
    if (token) {
      const checked = await this.auth.authenticate(token).catch(() => undefined);
      if (checked) await this.auth.logout(checked.auth, checked.session);
    }
    response.setHeader('Set-Cookie', clearedCookie(request.secure === true));
    if (isForm(request)) {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      return page('Signed out', `<p><a href="${CODEC_PATH}">Sign in again</a></p>`);
    }
    return { signedOut: true };
  }
}

function isForm(request: CodecRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gotong codec: ${escape(title)}</title></head>
<body><h1>${escape(title)}</h1>
${body}
</body></html>
`;
}
