import { z } from 'zod';
import type { HttpRoute } from '../../route.js';
import { API_SCOPE_LABELS } from '../../../protocol/apiTokens.js';
import { errorSchema } from './schemas.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; allOf?: JsonSchema[] };

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's own), as a client sends it (`io: input`: before coercion and defaults). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** The fields of an object schema, or of an intersection of them (the history's filters and its page). */
function fieldsOf(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  const parts = schema.allOf ? schema.allOf.map(fieldsOf) : [{ properties: schema.properties ?? {}, required: schema.required ?? [] }];
  return { properties: Object.assign({}, ...parts.map((p) => p.properties)), required: parts.flatMap((p) => p.required) };
}

const ERRORS: Record<string, string> = {
  '401': 'No valid API token (unknown, revoked, or its user disabled)',
  '403': "The token lacks the route's scope, or its user's role does not allow this",
  '404': 'Not found, or on a website the user does not work on',
  '422': 'The input is not valid: `error.message` lists what is wrong',
  '429': 'Over the per-token rate limit: try again after Retry-After seconds',
};

/** The OpenAPI 3.1 document of /api/v1, built from the routes' own declarations: the schemas that validate requests describe them. */
export function openApiDocument(routes: readonly HttpRoute[], options: { version: string; serverUrl: string; docPaths: string[] }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.doc || !r.scope) continue;
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const where of ['path', 'query'] as const) {
      const schema = r.input?.[where === 'path' ? 'params' : 'query'];
      if (!schema) continue;
      const { properties, required } = fieldsOf(jsonSchema(schema, 'input'));
      for (const [name, s] of Object.entries(properties)) {
        parameters.push({ name, in: where, required: where === 'path' || required.includes(name), schema: s, ...(s.description ? { description: s.description } : {}) });
      }
    }
    const success = jsonSchema(r.doc.output, 'output');
    const statuses = typeof r.status === 'function' ? ['200', '201'] : [String(r.status ?? 200)];
    const responses: Record<string, unknown> = {};
    for (const s of statuses) responses[s] = { description: s === '201' ? 'Created' : 'OK', content: { [r.doc.contentType ?? 'application/json']: { schema: success } } };
    for (const [s, description] of Object.entries(ERRORS)) responses[s] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    (paths[path] ??= {})[r.method] = {
      operationId: `${r.method}${path.replace(/\/api\/v1|[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: r.doc.summary,
      description: `Scope: \`${r.scope}\` (${API_SCOPE_LABELS[r.scope]}), or \`admin\`.`,
      tags: [r.doc.tag],
      'x-scope': r.scope,
      ...(parameters.length ? { parameters } : {}),
      ...(r.input?.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.input.body, 'input') } } } } : {}),
      responses,
    };
  }
  for (const p of options.docPaths) paths[p] = { get: { summary: 'This document', tags: ['Meta'], security: [], responses: { '200': { description: 'OK' } } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'livechat API',
      version: options.version,
      description:
        'Send `Authorization: Bearer <token>` with a token made in the dashboard (Profile, API tokens). A token acts as its user: it sees and does what the user may, within its scopes. Lists that may be long are paged by a cursor: pass the `next` of a page as `cursor` for the following one.',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (lct_…)' } },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
  };
}
