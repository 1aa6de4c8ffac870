/**
 * Who made a change and from where, as event notifications report it (`userIdentity`,
 * `requestParameters.sourceIPAddress`, `responseElements.x-amz-request-id`). Every field is
 * optional: a library caller without an HTTP request leaves them out.
 */
export interface RequestOrigin {
  /** The request id the client was answered with. */
  readonly requestId?: string | undefined;
  /** The caller's principal (the access key's user or canonical id; `anonymous`). */
  readonly principalId?: string | undefined;
  /** The client's address. */
  readonly sourceIp?: string | undefined;
}

/** The field every changing operation's input has for {@link RequestOrigin}. */
export interface WithOrigin {
  /** Who made the change, for its event notifications. */
  readonly origin?: RequestOrigin | undefined;
}
