import { change, errorResponse, nullable, object, operation, ref } from './admin-openapi-parts.js';

const ID_PARAMETER = {
  parameters: [
    {
      name: 'id',
      in: 'path',
      required: true,
      description: 'The access key id.',
      schema: { type: 'string' },
    },
  ],
};
const OFF = {
  '409': errorResponse('Managed keys are off: `admin.keys_master_key` (or its file) is not set.'),
};
const NO_KEY = { '404': errorResponse('No managed key of that id.'), ...OFF };

/** The `/keys` paths of the admin OpenAPI document. */
export const KEY_PATHS = {
  '/keys': {
    get: operation(
      'listKeys',
      'Every access key managed through this API (never the secrets; keys of the config are not listed)',
      'Keys',
      { responses: OFF },
    ),
    post: change(
      operation(
        'createKey',
        'Creates an access key for a tenant, optionally limited to some buckets; the answer is the only time its secret is shown. It works on this instance at once and on the others at their next lookup of it',
        'IssuedKey',
        {
          requestBody: {
            required: false,
            content: { 'application/json': { schema: ref('KeyRequest') } },
          },
          responses: {
            '400': errorResponse('The body is not a key request, or names an unknown tenant.'),
            '413': errorResponse('The body is over 16 KiB.'),
            ...OFF,
          },
        },
        '201',
      ),
    ),
  },
  '/keys/{id}': {
    ...ID_PARAMETER,
    get: operation('getKey', 'One managed key', 'Key', { responses: NO_KEY }),
    delete: change(
      operation(
        'deleteKey',
        'Deletes the key for good (other instances stop accepting it within `admin.keys_refresh`)',
        'DeletedKey',
        { responses: NO_KEY },
      ),
    ),
  },
  '/keys/{id}/rotate': {
    ...ID_PARAMETER,
    post: change(
      operation(
        'rotateKey',
        'A new secret for the key (same id, tenant and buckets); the old secret stops working here at once and on other instances within `admin.keys_refresh`',
        'IssuedKey',
        { responses: NO_KEY },
      ),
    ),
  },
  '/keys/{id}/disable': {
    ...ID_PARAMETER,
    post: change(
      operation(
        'disableKey',
        'Disables the key (kept, authenticating nothing) until it is enabled again',
        'Key',
        { responses: NO_KEY },
      ),
    ),
  },
  '/keys/{id}/enable': {
    ...ID_PARAMETER,
    post: change(
      operation('enableKey', 'Enables a disabled key again', 'Key', { responses: NO_KEY }),
    ),
  },
};

const KEY_FIELDS = {
  accessKeyId: { type: 'string' },
  tenant: {
    type: 'string',
    description: 'The tenant it acts for (`default`, or `tenants[].name`).',
  },
  buckets: nullable('array', {
    items: { type: 'string' },
    description: 'The only buckets it may use; null for every bucket of its tenant.',
  }),
  createdAt: { type: 'string', format: 'date-time', description: 'When it was created.' },
  disabled: { type: 'boolean' },
};

/** The schemas the `/keys` paths use. */
export const KEY_SCHEMAS = {
  Key: object(KEY_FIELDS),
  Keys: object({ keys: { type: 'array', items: ref('Key') } }),
  IssuedKey: object(
    { ...KEY_FIELDS, secretAccessKey: { type: 'string' } },
    'A key with its secret: shown once, when it is created or rotated.',
  ),
  KeyRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      tenant: { type: 'string', description: 'Default `default`.' },
      buckets: { type: 'array', items: { type: 'string' }, minItems: 1 },
    },
  },
  DeletedKey: object({ deleted: { type: 'string' } }),
};
