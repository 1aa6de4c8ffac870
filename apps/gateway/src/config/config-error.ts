/** A configuration mistake; the message names the bad key (`workers.intent_ttl: …`). */
export class ConfigError extends Error {
  readonly code = 'ECONFIG' as const;
  override readonly name = 'ConfigError';
}
