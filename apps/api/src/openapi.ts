import { RequestMethod, type INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiProperty,
  ApiPropertyOptional,
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OpenAPIObject,
  type ReferenceObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { IS_PUBLIC } from './common/auth-context';
import derivedResponses from './openapi-responses.json';

/**
 * The body of every error answer (4xx and 5xx): Nest's HttpException body as the API sends it — from the
 * validation pipe, the services' own exceptions, the Prisma/outage filter (app.factory.ts,
 * common/prisma-error.filter.ts) and the body-size limit. Some errors add fields (listed below); a client
 * reads `statusCode` and `message` and shows `message`.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  statusCode!: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['title: must be longer than or equal to 3 characters'],
    description:
      'What went wrong: one sentence, or (for bad input) one line per problem, each naming the field ' +
      '("field: problem")',
  })
  message!: string | string[];

  @ApiPropertyOptional({ example: 'Bad Request', description: "The status's reason phrase" })
  error?: string;

  @ApiPropertyOptional({
    enum: ['workflow-timeout', 'temporal-unavailable', 'database-unavailable'],
    description: '503 only: which dependency is unavailable',
  })
  reason?: string;

  @ApiPropertyOptional({
    example: 5,
    description: '503 only: seconds to wait before retrying (also Retry-After)',
  })
  retryAfter?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: {
      type: 'object',
      properties: { row: { type: 'integer' }, column: { type: 'string' }, message: { type: 'string' } },
      required: ['row', 'column', 'message'],
    },
    description: 'Spreadsheet uploads only: the refused cells, by row and column',
  })
  rows?: { row: number; column: string; message: string }[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Deactivating an OPD only: its active users (usernames)',
  })
  activeUsers?: string[];

  @ApiPropertyOptional({ description: 'Deactivating an OPD only: its open tasks' })
  openTasks?: number;
}

/** The name of the bearer security scheme (DocumentBuilder.addBearerAuth's default). */
export const BEARER = 'bearer';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Stable operation ids: the controller's name without "Controller", camel-cased, then the handler's name
 * (`ProjectsController.list` → `projectsList`, `DataController.resolve` → `dataResolve`). They name the
 * generated client types (apps/web/src/api/schema.d.ts), so test/openapi.spec.ts pins them: renaming a
 * handler or a controller fails that test instead of silently changing the API's description.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const base = controllerKey.replace(/Controller$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}${methodKey.charAt(0).toUpperCase()}${methodKey.slice(1)}`;
}

function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Gotong API')
    .setDescription(
      'Inter-agency joint work for Kabupaten Probolinggo: projects, OPD tasks, escalations. Every error ' +
        'answer has the ErrorResponse body.',
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED', 'https://probolinggokab.go.id')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .build();
}

/** Handler facts the document needs from the routes themselves: who may call without a token. */
interface HandlerFacts {
  /** Marked @Public(): the JWT guard lets it through without a token. */
  isPublic: boolean;
  /** The status of a success (@HttpCode, else Nest's default: 201 for POST, 200 otherwise). */
  status: number;
}

function handlerFacts(app: INestApplication): Map<string, HandlerFacts> {
  const facts = new Map<string, HandlerFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type || typeof type !== 'function') continue;
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const isPublic = Boolean(
          (Reflect.getMetadata(IS_PUBLIC, handler) as boolean | undefined) ??
          (Reflect.getMetadata(IS_PUBLIC, type) as boolean | undefined),
        );
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const status =
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
          (method === RequestMethod.POST ? 201 : 200);
        facts.set(operationId(type.name, name), { isPublic, status });
      }
    }
  }
  return facts;
}

const isReference = (response: ResponseObject | ReferenceObject): response is ReferenceObject =>
  '$ref' in response;

const STANDARD_ERRORS: Record<string, string> = {
  '401': 'No token, or the token is expired or revoked',
  '403': 'The caller may not do this (or must first change a one-time password)',
  '503': 'PostgreSQL or Temporal is unavailable, or no worker answered in time: retry after Retry-After',
};

/**
 * Completes what the decorators leave implicit: security on every operation (the bearer token, or none on
 * public routes), the error body on every 4xx/5xx answer, and the errors every authenticated operation can
 * give (401, 403, 503).
 */
function complete(document: OpenAPIObject, facts: Map<string, HandlerFacts>): OpenAPIObject {
  const errorSchema = { $ref: getSchemaPath(ErrorResponseDto) };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const fact = operation.operationId ? facts.get(operation.operationId) : undefined;
      // A public route needs no token, unless it declares a scheme of its own (the codec endpoints check
      // their own bearer token with their own guard).
      const open = fact?.isPublic === true && !operation.security;
      operation.security = open ? [] : (operation.security ?? [{ [BEARER]: [] }]);
      const responses = operation.responses;
      const standard = open ? ['503'] : Object.keys(STANDARD_ERRORS);
      for (const status of standard) {
        responses[status] ??= { description: STANDARD_ERRORS[status]! };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!response || isReference(response) || !/^[45]\d\d$/.test(status)) continue;
        // A handler that documents its own error body (health's 503) keeps it.
        response.content ??= { 'application/json': { schema: errorSchema } };
      }
    }
  }
  return document;
}

/** The component name of an operation's derived success body: `tasksInbox` → `TasksInboxResponse`. */
export const responseSchemaName = (id: string): string =>
  `${id.charAt(0).toUpperCase()}${id.slice(1)}Response`;

/**
 * The success body of every operation whose handler does not declare one itself: the schema derived from
 * the handler's return type (openapi-responses.ts → openapi-responses.json), as a component of its own.
 */
function addResponseSchemas(
  document: OpenAPIObject,
  derived: Record<string, object>,
  facts: Map<string, HandlerFacts>,
): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const schema = derived[operation.operationId];
      const status =
        Object.keys(operation.responses).find((code) => /^2\d\d$/.test(code)) ??
        String(facts.get(operation.operationId)?.status ?? 200);
      // Only error answers decorated: the success is the handler's status (@HttpCode or Nest's default).
      const success = (operation.responses[status] ??= { description: operation.summary ?? 'Success' });
      if (!schema || isReference(success) || success.content) continue;
      const name = responseSchemaName(operation.operationId);
      schemas[name] = schema;
      success.content = { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } };
    }
  }
}

/** The OpenAPI document of the app (served at /docs/json, linted and turned into the web app's types). */
export function createOpenApiDocument(
  app: INestApplication,
  responses: Record<string, object> = derivedResponses,
): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, documentConfig(), {
    operationIdFactory: operationId,
    extraModels: [ErrorResponseDto],
  });
  const facts = handlerFacts(app);
  addResponseSchemas(document, responses, facts);
  return complete(document, facts);
}

/** Serves the document: the explorer at /docs, the JSON at /docs/json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'docs/json' });
}
