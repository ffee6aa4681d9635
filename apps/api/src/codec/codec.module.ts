import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { AuthService } from '../auth/auth.service';
import { LoginAttempts } from '../auth/login-attempts';
import { CodecAuthGuard } from './codec-auth';
import { CodecController } from './codec.controller';
import { CodecCorsMiddleware } from './codec-cors.middleware';

/**
 * The remote codec endpoint for the Temporal UI and CLI (/codec): decode and encode Temporal payloads for a
 * signed-in operator. Tokens are the API's own (same secret, same checks, AuthService), so an operator signs
 * in with their Gotong account and signing out or a password change ends the codec session too.
 */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [CodecController],
  providers: [AuthService, LoginAttempts, CodecAuthGuard],
})
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CodecCorsMiddleware)
      .forRoutes(
        { path: 'codec/decode', method: RequestMethod.ALL },
        { path: 'codec/encode', method: RequestMethod.ALL },
      );
  }
}
