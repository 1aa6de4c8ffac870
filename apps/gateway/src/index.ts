/**
 * The Strata S3 gateway: the Hono app, the server lifecycle and the `strata` command line.
 *
 * @module
 */
export { createApp } from './app.js';
export type { GatewayDeps } from './deps.js';
export type { GatewayEnv } from './env.js';
export { runCli } from './cli.js';
export { startGateway } from './server/start-gateway.js';
export { LOCAL_BACKEND } from './server/open-backends.js';
export type { RunningGateway, StartGatewayOptions } from './server/start-gateway.js';
export { loadConfig, validateConfig, ENV_KEYS } from './config/load-config.js';
export type { LoadConfigOptions } from './config/load-config.js';
export { ConfigSchema } from './config/schema.js';
export type { StrataConfig, ConfigInput } from './config/schema.js';
export { ConfigError } from './config/config-error.js';
export { resolveCredentials, CREDENTIALS_FILE } from './config/credentials.js';
export type { GatewayCredential, CredentialSource } from './config/credentials.js';
export { InFlightTracker } from './middleware/admission/index.js';
export { OPERATIONS } from './routing/operations.js';
export { OPERATION_NAMES } from './routing/operation-names.js';
export type { OperationName } from './routing/operation-names.js';
export type { S3Operation, OperationMethod, OperationTarget } from './routing/s3-operation.js';
export { S3_PERMISSIONS } from './auth/s3-permissions.js';
export { createAccessControl } from './auth/access-control.js';
export type { AccessControl, AccessControlOptions, AccessScope } from './auth/access-control.js';
export type { S3Permission } from './auth/s3-permissions.js';
export { VERSION } from './version.js';
