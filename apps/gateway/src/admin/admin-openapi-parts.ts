/** Building blocks of the admin OpenAPI document (`admin-openapi.ts`). */

export const nullable = (type: string, extra: Record<string, unknown> = {}) => ({
  type: [type, 'null'],
  ...extra,
});
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const object = (
  properties: Record<string, unknown>,
  description?: string,
): Record<string, unknown> => ({
  type: 'object',
  ...(description === undefined ? {} : { description }),
  required: Object.keys(properties),
  properties,
});
export const dateTime = (description: string) =>
  nullable('string', { format: 'date-time', description });

export const ERROR_RESPONSES = {
  '401': {
    description:
      'No `Authorization: Bearer <token>` with one of `admin.tokens` or `admin.read_only_tokens`.',
    content: { 'application/json': { schema: ref('Error') } },
  },
  '503': {
    description: 'The metastore cannot be read.',
    content: { 'application/json': { schema: ref('Error') } },
  },
};

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});
export const NO_BACKEND = { '404': errorResponse('No backend of that name.') };

/** A change: the errors of {@link operation}, and 403 for a read-only token. */
export function change(op: ReturnType<typeof operation>): Record<string, unknown> {
  return {
    ...op,
    responses: {
      ...op.responses,
      '403': errorResponse(
        'The token is one of `admin.read_only_tokens`, which may only read (GET and HEAD).',
      ),
    },
  };
}

/** An operation answering 200 (or `status`) with `schema`, and the errors every request may get. */
export function operation(
  operationId: string,
  summary: string,
  schema: string,
  extra: Record<string, unknown> = {},
  status = '200',
) {
  const { responses, ...rest } = extra as { responses?: Record<string, unknown> };
  return {
    operationId,
    summary,
    ...rest,
    responses: {
      [status]: {
        description: status === '202' ? 'Accepted' : 'OK',
        content: { 'application/json': { schema: ref(schema) } },
      },
      ...responses,
      ...ERROR_RESPONSES,
    },
  };
}

export function get(operationId: string, summary: string, schema: string) {
  return {
    get: {
      operationId,
      summary,
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: ref(schema) } } },
        ...ERROR_RESPONSES,
      },
    },
  };
}
