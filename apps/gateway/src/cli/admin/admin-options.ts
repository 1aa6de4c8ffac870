import type { Command } from 'commander';
import { CliUsageError } from '../transfer/cli-errors.js';

/** Options every `strata admin` subcommand takes. */
export interface AdminOptions {
  /** `--url`: the admin API's base URL. */
  url?: string;
  /** `--token`: the bearer token. */
  token?: string;
  /** `--json`: print the API's JSON as is. */
  json?: boolean;
}

/** Where `strata admin` goes when neither `--url` nor `STRATA_ADMIN_URL` says: the default `listen`. */
export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9000';

/** Adds the {@link AdminOptions} to a command. */
export function addAdminOptions(command: Command): Command {
  return command
    .option(
      '--url <url>',
      `the gateway's admin listener, or its main one (env: STRATA_ADMIN_URL; default ${DEFAULT_ADMIN_URL})`,
    )
    .option(
      '--token <token>',
      'an admin token of admin.tokens, or of admin.read_only_tokens for commands that only read (env: STRATA_ADMIN_TOKEN)',
    )
    .option('--json', 'print the JSON the admin API answered, not a table');
}

/** Where and as whom `strata admin` asks. */
export interface AdminTarget {
  /** Base URL, without a trailing `/`. */
  readonly url: string;
  readonly token: string;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * The URL (`--url`, `STRATA_ADMIN_URL`, else {@link DEFAULT_ADMIN_URL}) and the token
 * (`--token`, else `STRATA_ADMIN_TOKEN`).
 *
 * @throws CliUsageError (exit code 2) without a token, or for a URL that is not http(s).
 */
export function resolveAdminTarget(
  options: AdminOptions,
  env: NodeJS.ProcessEnv = process.env,
): AdminTarget {
  const url = nonEmpty(options.url) ?? nonEmpty(env.STRATA_ADMIN_URL) ?? DEFAULT_ADMIN_URL;
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) {
    throw new CliUsageError(
      `invalid admin URL ${JSON.stringify(url)}: expected http(s)://host[:port]`,
    );
  }
  const token = nonEmpty(options.token) ?? nonEmpty(env.STRATA_ADMIN_TOKEN);
  if (token === undefined) {
    throw new CliUsageError('no admin token: pass --token or set STRATA_ADMIN_TOKEN');
  }
  return { url: url.replace(/\/+$/, ''), token };
}
