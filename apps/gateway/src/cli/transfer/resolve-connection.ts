import type { S3Credentials } from '@strata/s3-client';
import { CliUsageError } from './cli-errors.js';

/** Where requests go, and as whom: what {@link resolveConnection} found. */
export interface Connection {
  /** The endpoint URL. */
  readonly endpoint: string;
  /** The signing region. */
  readonly region: string;
  /** Path-style requests (`/bucket/key`): for any configured endpoint (Strata, MinIO, RGW…). */
  readonly forcePathStyle: boolean | undefined;
  /** Resolves the credentials before each signature (cached until they expire). */
  readonly credentials: () => Promise<S3Credentials>;
}

/** What the command line says; the rest comes from the environment and `~/.aws`. */
export interface ConnectionOptions {
  readonly endpointUrl?: string | undefined;
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
  /** The environment (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Resolves endpoint, region and credentials as aws cli v2 does:
 *
 * - endpoint: `--endpoint-url`, then `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's
 *   `endpoint_url` in `~/.aws/config` (or `AWS_CONFIG_FILE`), else AWS's regional endpoint;
 * - region: `--region`, then `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else
 *   `us-east-1`;
 * - credentials: the AWS SDK's Node provider chain (`AWS_ACCESS_KEY_ID` /
 *   `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` unless a profile is named, then
 *   `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`) and `~/.aws/config`, SSO,
 *   `credential_process`, web identity, container and instance metadata). The profile is
 *   `--profile`, else `AWS_PROFILE`, else `default`.
 *
 * The credentials are resolved once here, so that a machine without any fails before the
 * first transfer.
 *
 * @throws CliUsageError when no credentials are found, or the endpoint is not an http(s) URL.
 */
export async function resolveConnection(options: ConnectionOptions): Promise<Connection> {
  const env = options.env ?? process.env;
  const profileName = nonEmpty(options.profile) ?? nonEmpty(env.AWS_PROFILE) ?? 'default';
  const givenRegion =
    nonEmpty(options.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const givenEndpoint =
    nonEmpty(options.endpointUrl) ??
    nonEmpty(env.AWS_ENDPOINT_URL_S3) ??
    nonEmpty(env.AWS_ENDPOINT_URL);
  // The config files (and the SDK modules that read them) only when a flag or the environment
  // left something for the profile to say: loading them costs every run ~0.1 s and ~16 MiB.
  const profile =
    givenRegion === undefined || givenEndpoint === undefined ? await readProfile(profileName) : {};
  const region = givenRegion ?? nonEmpty(profile.region) ?? 'us-east-1';
  const configured = givenEndpoint ?? nonEmpty(profile.endpoint_url);
  const endpoint = configured ?? `https://s3.${region}.amazonaws.com`;
  if (!/^https?:\/\/[^/]/i.test(endpoint) || !URL.canParse(endpoint)) {
    throw new CliUsageError(
      `invalid endpoint URL ${JSON.stringify(endpoint)}: expected http(s)://host[:port]`,
    );
  }
  const provider = await credentialProvider(options, env, profileName);
  const credentials = async (): Promise<S3Credentials> => {
    const c = await provider();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
    };
  };
  try {
    await credentials();
  } catch (error) {
    throw new CliUsageError(
      `unable to locate credentials (profile ${JSON.stringify(profileName)}): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure ~/.aws/credentials`,
      { cause: error },
    );
  }
  return {
    endpoint,
    region,
    forcePathStyle: configured === undefined ? undefined : true,
    credentials,
  };
}

/** The `[profile NAME]` (or `[default]`) section of `~/.aws/config`, read through the SDK. */
async function readProfile(name: string): Promise<Record<string, string | undefined>> {
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[name] ?? {};
}

/** Where a connection's keys come from: the s3-client's own provider shape. */
type CredentialSource = () => Promise<S3Credentials>;

/**
 * The AWS SDK's Node provider chain; or, when it would answer from the environment anyway (keys
 * set, no profile named by flag or `AWS_PROFILE`, no expiry to watch), those keys without
 * loading the SDK. A named profile wins over the environment's keys, as in aws cli (the SDK
 * skips them then).
 */
async function credentialProvider(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv,
  profileName: string,
): Promise<CredentialSource> {
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const named = options.profile !== undefined || nonEmpty(env.AWS_PROFILE) !== undefined;
  if (
    !named &&
    accessKeyId !== undefined &&
    secretAccessKey !== undefined &&
    nonEmpty(env.AWS_CREDENTIAL_EXPIRATION) === undefined
  ) {
    const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
    const keys = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    };
    return () => Promise.resolve(keys);
  }
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider(options.profile === undefined ? {} : { profile: profileName });
}
