import { BACKEND_STATES } from '@strata/backend-pool';
import { ADMIN_ERRORS } from './admin-errors.js';
import {
  change,
  dateTime,
  ERROR_RESPONSES,
  errorResponse,
  get,
  NO_BACKEND,
  nullable,
  object,
  operation,
  ref,
} from './admin-openapi-parts.js';
import { KEY_PATHS, KEY_SCHEMAS } from './admin-openapi-keys.js';
import { ADMIN_QUEUES } from './queue-routes.js';

const QUEUE_PARAMETER = {
  parameters: [
    {
      name: 'name',
      in: 'path',
      required: true,
      description: 'The queue.',
      schema: { type: 'string', enum: [...ADMIN_QUEUES] },
    },
  ],
};
const NO_QUEUE = { '404': errorResponse('No queue of that name.') };
const IDS_PARAMETER = {
  name: 'ids',
  in: 'query',
  required: false,
  description: 'Only these dead letters (job ids, comma-separated, up to 1000); default every one.',
  schema: { type: 'string', pattern: '^\\d+(,\\d+)*$' },
};
const BAD_IDS = { '400': errorResponse('`ids` is not a list of job ids.') };

const NAME_PARAMETER = {
  parameters: [
    {
      name: 'name',
      in: 'path',
      required: true,
      description: 'The backend, as `backends[].name` names it.',
      schema: { type: 'string' },
    },
  ],
};

/**
 * The OpenAPI 3.1 description of the admin API, served at `GET /admin/v1/openapi.json` and
 * checked in as `docs/admin-openapi.json` (a test keeps the two equal).
 */
export const ADMIN_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Strata admin API',
    version: 'v1',
    description:
      'A running Strata gateway: status, backends (and their states and drains, which can be changed at runtime), workers, buckets, queues (whose dead letters can be retried or purged) and access keys managed at runtime. Every request needs `Authorization: Bearer <token>` with one of the tokens of `admin.tokens`, or of `admin.read_only_tokens` for GET and HEAD only (admin tokens are not S3 credentials, and S3 signatures do not open this API). Errors are `{"error":{"code","message"}}`.',
  },
  servers: [{ url: '/admin/v1' }],
  security: [{ bearer: [] }],
  paths: {
    '/status': get(
      'getStatus',
      'Version, instance id, uptime and metastore reachability',
      'Status',
    ),
    '/backends': get(
      'listBackends',
      'Every backend: type, state, circuit breaker, usage and quota',
      'Backends',
    ),
    '/backends/{name}': {
      ...NAME_PARAMETER,
      get: operation('getBackend', 'One backend, as in the list', 'Backend', {
        responses: NO_BACKEND,
      }),
    },
    '/backends/{name}/state': {
      ...NAME_PARAMETER,
      put: change(
        operation(
          'setBackendState',
          "Sets the backend's state at runtime, on every instance (stored in the metastore; other instances apply it within `backend_state_refresh`)",
          'Backend',
          {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref('StateChange') } },
            },
            responses: {
              '400': errorResponse('The body is not `{"state": …}` with a known state.'),
              ...NO_BACKEND,
              '413': errorResponse('The body is over 16 KiB.'),
            },
          },
        ),
      ),
      delete: change(
        operation(
          'resetBackendState',
          'Drops the state set at runtime: the configured one applies again, on every instance',
          'Backend',
          { responses: NO_BACKEND },
        ),
      ),
    },
    '/backends/{name}/drain': {
      ...NAME_PARAMETER,
      get: operation(
        'getDrain',
        'How far a drain has got: what the metastore still records on the backend',
        'Drain',
        { responses: NO_BACKEND },
      ),
      post: change(
        operation(
          'startDrain',
          'Starts draining the backend (state `draining`): no new writes, and the drainer moves its copies to the other backends',
          'Drain',
          {
            responses: {
              ...NO_BACKEND,
              '409': errorResponse('The backend is `removed`.'),
            },
          },
          '202',
        ),
      ),
      delete: change(
        operation(
          'cancelDrain',
          'Stops a drain: the configured state again (`active` when the config drains it); copies already moved stay where they are',
          'Drain',
          {
            responses: {
              ...NO_BACKEND,
              '409': errorResponse('The backend is not draining.'),
            },
          },
        ),
      ),
    },
    '/workers': get(
      'listWorkers',
      "Every background worker's runs, last outcome and lease",
      'Workers',
    ),
    '/buckets': get('listBuckets', 'Every bucket with its owner, region and usage', 'Buckets'),
    '/queues': get(
      'listQueues',
      'Jobs pending and dead-lettered in each queue (cleanup, replication, outbox)',
      'Queues',
    ),
    '/queues/{name}/dead': {
      ...QUEUE_PARAMETER,
      get: operation('listDeadLetters', "A queue's dead letters, oldest first", 'DeadLetters', {
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many at most (1 to 1000, default 100).',
            schema: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        ],
        responses: { '400': errorResponse('`limit` is out of range.'), ...NO_QUEUE },
      }),
      delete: change(
        operation(
          'purgeDeadLetters',
          'Deletes dead letters for good (a purged cleanup job leaves its blob on the backend, unaccounted)',
          'Purged',
          { parameters: [IDS_PARAMETER], responses: { ...BAD_IDS, ...NO_QUEUE } },
        ),
      ),
    },
    '/queues/{name}/dead/retry': {
      ...QUEUE_PARAMETER,
      post: change(
        operation(
          'retryDeadLetters',
          'Moves dead letters back to pending, due at once with their attempts reset (after the cause was fixed)',
          'Retried',
          { parameters: [IDS_PARAMETER], responses: { ...BAD_IDS, ...NO_QUEUE } },
        ),
      ),
    },
    ...KEY_PATHS,
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '401': ERROR_RESPONSES['401'],
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'One of `admin.tokens`, or of `admin.read_only_tokens` (GET and HEAD only).',
      },
    },
    schemas: {
      Error: object({
        error: object({
          code: { type: 'string', enum: Object.keys(ADMIN_ERRORS) },
          message: { type: 'string' },
        }),
      }),
      Usage: object({
        bytes: { type: 'integer', minimum: 0 },
        objects: { type: 'integer', minimum: 0 },
      }),
      Status: object({
        version: { type: 'string' },
        instanceId: {
          type: 'string',
          description: "This process's id, the holder id of its worker leases.",
        },
        startedAt: { type: 'string', format: 'date-time' },
        uptimeSeconds: { type: 'integer', minimum: 0 },
        metastore: object({
          dialect: { type: 'string', enum: ['sqlite', 'postgres'] },
          reachable: { type: 'boolean' },
          error: nullable('string', { description: 'Why the ping failed.' }),
        }),
      }),
      Backend: object({
        name: { type: 'string' },
        type: { type: 'string', description: 'The driver: `fs` or `s3`.' },
        state: { type: 'string', enum: [...BACKEND_STATES] },
        configuredState: {
          type: 'string',
          enum: [...BACKEND_STATES],
          description: 'The state the configuration gives it.',
        },
        stateSetAt: dateTime(
          'When an operator set `state` at runtime; null when it is the configured one.',
        ),
        circuit: { type: 'string', enum: ['closed', 'open', 'half-open'] },
        usage: {
          oneOf: [ref('Usage'), { type: 'null' }],
          description: 'What the metastore records on the backend; null when it did not answer.',
        },
        quota: object(
          {
            bytes: nullable('integer'),
            objects: nullable('integer'),
          },
          'Caps; null for none.',
        ),
      }),
      StateChange: object({ state: { type: 'string', enum: [...BACKEND_STATES] } }),
      Drain: object({
        backend: { type: 'string' },
        state: { type: 'string', enum: [...BACKEND_STATES] },
        draining: {
          type: 'boolean',
          description:
            'Whether the drainer moves copies off it (`draining`, or `removed`: restored from the other copies).',
        },
        remaining: {
          oneOf: [ref('Usage'), { type: 'null' }],
          description: 'What the metastore still records on it; null when it did not answer.',
        },
        done: {
          type: 'boolean',
          description: 'Draining and nothing left on it: it can be taken out of the config.',
        },
      }),
      Backends: object({
        backends: { type: 'array', items: ref('Backend') },
        metastoreReachable: { type: 'boolean' },
      }),
      WorkerLease: object({
        name: { type: 'string' },
        held: { type: 'boolean', description: 'Whether this instance holds the lease.' },
        holder: nullable('string', { description: 'The instance id holding it.' }),
        expiresAt: dateTime('When the lease lapses unless renewed.'),
        lastError: nullable('string'),
      }),
      Worker: object({
        name: { type: 'string' },
        runs: { type: 'integer', minimum: 0, description: 'Runs started by this instance.' },
        running: { type: 'boolean' },
        lastRunStartedAt: dateTime('When the last run started.'),
        lastRunEndedAt: dateTime('When the last finished run ended.'),
        lastResult: {
          type: ['object', 'null'],
          additionalProperties: { type: 'integer' },
          description: 'What the last successful run did, counts by name.',
        },
        lastError: nullable('string', { description: 'Why the last finished run failed.' }),
        lease: { oneOf: [ref('WorkerLease'), { type: 'null' }] },
      }),
      Workers: object({
        enabled: { type: 'boolean', description: '`workers.enabled` of this instance.' },
        instanceId: { type: 'string' },
        workers: { type: 'array', items: ref('Worker') },
      }),
      Bucket: object({
        name: { type: 'string' },
        owner: { type: 'string' },
        region: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
        versioning: { type: 'string', enum: ['Unversioned', 'Enabled', 'Suspended'] },
        usage: ref('Usage'),
      }),
      Buckets: object({ buckets: { type: 'array', items: ref('Bucket') } }),
      Queues: object({
        queues: {
          type: 'array',
          items: object({
            name: { type: 'string', enum: [...ADMIN_QUEUES] },
            pending: { type: 'integer', minimum: 0 },
            dead: { type: 'integer', minimum: 0 },
          }),
        },
        orphanBytes: {
          type: 'integer',
          minimum: 0,
          description: 'Bytes of blobs the cleanup queue (pending and dead) has yet to delete.',
        },
      }),
      DeadLetter: {
        type: 'object',
        description:
          "A job given up on after its last attempt: these fields, and the queue's own (cleanup: `backend`, `blob`, `size`, `reason`; replication: `bucket`, `key`, `versionId`, `sourceBackend`, `targetBackend`, `enqueuedAt`; outbox: `bucket`, `key`, `event`, `payload`, `createdAt`).",
        required: ['id', 'attempts', 'lastError'],
        properties: {
          id: { type: 'integer' },
          attempts: { type: 'integer', minimum: 0 },
          lastError: nullable('string', { description: 'Why its last attempt failed.' }),
        },
        additionalProperties: {},
      },
      DeadLetters: object({
        queue: { type: 'string', enum: [...ADMIN_QUEUES] },
        jobs: { type: 'array', items: ref('DeadLetter') },
      }),
      Retried: object({
        queue: { type: 'string', enum: [...ADMIN_QUEUES] },
        retried: {
          type: 'integer',
          minimum: 0,
          description: 'Dead letters moved back to pending.',
        },
      }),
      ...KEY_SCHEMAS,
      Purged: object({
        queue: { type: 'string', enum: [...ADMIN_QUEUES] },
        purged: { type: 'integer', minimum: 0, description: 'Dead letters deleted.' },
      }),
    },
  },
} as const;
