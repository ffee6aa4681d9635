import { BadRequestException, ValidationPipe, type INestApplication } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { PrismaErrorFilter } from './common/prisma-error.filter';

/** Flattens nested validation errors into "field: message" lines. */
function fieldMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${parent ? `${parent}.` : ''}${m}` : `${path}: ${m}`,
    );
    return [...own, ...fieldMessages(e.children ?? [], path)];
  });
}

/** Builds the HTTP app exactly as production runs it; tests use the same factory. */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.use(helmet());
  app.enableShutdownHooks();
  app.useGlobalFilters(new PrismaErrorFilter(app.get(HttpAdapterHost).httpAdapter));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new BadRequestException({ message: fieldMessages(errors), error: 'Bad Request', statusCode: 400 }),
    }),
  );
  const docs = new DocumentBuilder()
    .setTitle('Gotong API')
    .setDescription('Inter-agency joint work for Kabupaten Probolinggo: projects, OPD tasks, escalations.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs), {
    jsonDocumentUrl: 'docs/json',
  });
  return app;
}
