/**
 * Development tool (not loaded by the running API): derives the JSON schema of every operation's success
 * body from the TypeScript return type of its handler, with the compiler's type checker, into
 * openapi-responses.json. openapi.ts puts those schemas into the OpenAPI document, so the document
 * describes exactly what the handlers return (dates as ISO strings, `null` as nullable, optional fields as
 * not required). test/openapi.spec.ts regenerates it and fails when the committed file is stale;
 * `npm run openapi:types` rewrites it (and the web app's types).
 */
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { operationId } from './openapi';

/** A JSON schema (OpenAPI 3.0 dialect: `nullable` instead of a null type). */
export type JsonSchema = Record<string, unknown>;

/** Per operation id: the success body's schema, or the reason it has none (a file, a stream, no body). */
export type ResponseSchemas = Record<string, JsonSchema>;

const ROOT = join(__dirname, '../../..');
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Sse']);
/** Bodies that are not JSON: their content types are declared on the handler (@ApiProduces/@ApiOkResponse). */
const NOT_JSON = new Set(['StreamableFile', 'Observable']);
/** Prisma's JSON column types: any JSON value (the form definitions and answers stored as JSON). */
const JSON_VALUES = new Set([
  'JsonValue',
  'InputJsonValue',
  'JsonObject',
  'JsonArray',
  'InputJsonObject',
  'InputJsonArray',
]);

function decoratorName(decorator: ts.Decorator): string | undefined {
  const call = decorator.expression;
  if (ts.isCallExpression(call) && ts.isIdentifier(call.expression)) return call.expression.text;
  return undefined;
}

class SchemaWriter {
  private readonly stack: ts.Type[] = [];

  constructor(private readonly checker: ts.TypeChecker) {}

  schemaOf(type: ts.Type, where: string): JsonSchema {
    const checker = this.checker;
    if (this.stack.includes(type) || this.stack.length > 25) return {}; // recursive (JSON values): any
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.isUnion()) return this.union(type.types, where);
    if (type.flags & ts.TypeFlags.StringLiteral)
      return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (type.flags & ts.TypeFlags.NumberLiteral)
      return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (type.flags & ts.TypeFlags.BooleanLiteral)
      return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
    if (type.flags & ts.TypeFlags.String || type.flags & ts.TypeFlags.TemplateLiteral)
      return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.flags & ts.TypeFlags.Null) return {}; // only ever null: described by its context
    if (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) return {};
    if (type.flags & ts.TypeFlags.BigInt) throw new Error(`${where}: a bigint does not serialize to JSON`);
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const name = symbol?.getName();
    const alias = type.aliasSymbol?.getName();
    if (alias && JSON_VALUES.has(alias)) return {};
    if (name && JSON_VALUES.has(name))
      return name === 'JsonArray' ? { type: 'array', items: {} } : { type: 'object' };
    if (name === 'Date') return { type: 'string', format: 'date-time' };
    if (name === 'Decimal') return { type: 'string', description: 'A decimal number, as a string' };
    if (name === 'Buffer' || name === 'Uint8Array') throw new Error(`${where}: binary data in a JSON body`);
    if (!checker.isArrayType(type) && !checker.isTupleType(type) && checker.isArrayLikeType(type)) {
      const element = checker.getIndexInfoOfType(type, ts.IndexKind.Number)?.type;
      return {
        type: 'array',
        items: element ? this.within(type, () => this.schemaOf(element, `${where}[]`)) : {},
      };
    }
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const args = checker.getTypeArguments(type as ts.TypeReference);
      const items = checker.isTupleType(type)
        ? this.union(args, `${where}[]`)
        : this.within(type, () => this.schemaOf(args[0]!, `${where}[]`));
      return { type: 'array', items };
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection())
      return this.within(type, () => this.object(type, where));
    throw new Error(`${where}: cannot describe the type ${checker.typeToString(type)}`);
  }

  private within(type: ts.Type, build: () => JsonSchema): JsonSchema {
    this.stack.push(type);
    try {
      return build();
    } finally {
      this.stack.pop();
    }
  }

  private union(types: readonly ts.Type[], where: string): JsonSchema {
    const members = types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = members.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = members.filter((t) => !(t.flags & ts.TypeFlags.Null));
    let schema: JsonSchema;
    const literals = rest.every((t) => t.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral));
    const booleans = rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (rest.length === 0) schema = {};
    else if (booleans) schema = rest.length === 2 ? { type: 'boolean' } : this.schemaOf(rest[0]!, where);
    else if (literals && rest.every((t) => t.flags & ts.TypeFlags.StringLiteral))
      schema = { type: 'string', enum: rest.map((t) => (t as ts.StringLiteralType).value).sort() };
    else if (literals && rest.every((t) => t.flags & ts.TypeFlags.NumberLiteral))
      schema = {
        type: 'number',
        enum: rest.map((t) => (t as ts.NumberLiteralType).value).sort((a, b) => a - b),
      };
    else if (rest.length === 1) schema = this.schemaOf(rest[0]!, where);
    else {
      // `true | false | X` arrives as three members: keep boolean as one.
      const bools = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
      const others = rest.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral));
      const variants = others.map((t) => this.schemaOf(t, where));
      if (bools.length > 0) variants.push({ type: 'boolean' });
      // A member that may be anything (a JSON column) makes the whole union anything.
      // (OpenAPI 3.0 allows `nullable` only beside a type: the empty schema already admits null.)
      if (variants.some((v) => Object.keys(v).length === 0)) return {};
      const unique = variants.filter(
        (v, i) => variants.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i,
      );
      schema = unique.length === 1 ? unique[0]! : { oneOf: unique };
    }
    if (!nullable) return schema;
    if (Object.keys(schema).length === 0) return {};
    // An enum lists every allowed value: null too, or validators refuse it despite `nullable`.
    if (Array.isArray(schema.enum))
      return { ...schema, enum: [...(schema.enum as unknown[]), null], nullable: true };
    return { ...schema, nullable: true };
  }

  private object(type: ts.Type, where: string): JsonSchema {
    const checker = this.checker;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration
        ? checker.getTypeOfSymbolAtLocation(property, declaration)
        : checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue; // methods are not serialized
      const name = property.getName();
      if (name.startsWith('__@')) continue; // symbol-keyed: not serialized
      const optional =
        (property.flags & ts.SymbolFlags.Optional) !== 0 ||
        (propertyType.isUnion() && propertyType.types.some((t) => t.flags & ts.TypeFlags.Undefined)) ||
        (propertyType.flags & ts.TypeFlags.Undefined) !== 0;
      const schema = this.schemaOf(propertyType, `${where}.${name}`);
      // The property's doc comment (/** … */ in the service's or domain's type) describes it.
      const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
      properties[name] = doc && !('$ref' in schema) ? { ...schema, description: doc } : schema;
      if (!optional) required.push(name);
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) schema.additionalProperties = this.schemaOf(index.type, `${where}[key]`);
    if (Object.keys(properties).length === 0) delete schema.properties;
    return schema;
  }
}

/** The controller files of the API (every *.controller.ts under apps/api/src). */
function controllerFiles(program: ts.Program): ts.SourceFile[] {
  const base = join(ROOT, 'apps/api/src');
  return program
    .getSourceFiles()
    .filter((f) => f.fileName.startsWith(base) && f.fileName.endsWith('.controller.ts'));
}

/** Derives the success body schema of every route handler from the API's sources. */
export function deriveResponseSchemas(entry = join(ROOT, 'apps/api/src/app.module.ts')): ResponseSchemas {
  const configPath = join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
  const program = ts.createProgram([entry], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const schemas: ResponseSchemas = {};
  for (const file of controllerFiles(program)) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        const decorators = ts.getDecorators(node) ?? [];
        if (decorators.some((d) => decoratorName(d) === 'Controller')) {
          for (const member of node.members) {
            if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
            const route = (ts.getDecorators(member) ?? []).some((d) =>
              ROUTE_DECORATORS.has(decoratorName(d) ?? ''),
            );
            if (!route) continue;
            const signature = checker.getSignatureFromDeclaration(member);
            if (!signature) continue;
            const id = operationId(node.name.text, member.name.text);
            const where = `${relative(ROOT, file.fileName)} ${node.name.text}.${member.name.text}`;
            const returned = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
            if (!returned) continue;
            const returnedName = (returned.getSymbol() ?? returned.aliasSymbol)?.getName();
            if (returnedName && NOT_JSON.has(returnedName)) continue;
            if (returned.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) continue;
            schemas[id] = writer.schemaOf(returned, where);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}
