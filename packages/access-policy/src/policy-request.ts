/**
 * Who makes a request, as a bucket policy names callers: nobody (an unsigned request), or a
 * user of an account. An account's root is the user whose `arn` is
 * `arn:aws:iam::<account>:root`.
 */
export type PolicyPrincipal =
  | { readonly type: 'anonymous' }
  | {
      readonly type: 'user';
      /** The 12-digit account id (`aws:PrincipalAccount`). */
      readonly account: string;
      /** The account's canonical user id (64 hex digits), matched by `CanonicalUser`. */
      readonly canonicalId: string;
      /**
       * `arn:aws:iam::<account>:user/<path/name>`, or `arn:aws:iam::<account>:root` for the
       * account itself (`aws:PrincipalArn`).
       */
      readonly arn: string;
      /** The user's name (`aws:username`); by default the last segment of a user ARN. */
      readonly userName?: string | undefined;
      /** The user's unique id (`aws:userid`); by default the account id for the root. */
      readonly userId?: string | undefined;
    };

/** A request to authorize against a bucket policy. */
export interface PolicyRequest {
  /** Who makes the request. */
  readonly principal: PolicyPrincipal;
  /** The action, e.g. `s3:GetObject` (any case). */
  readonly action: string;
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key` (compared case-sensitively). */
  readonly resource: string;
  /**
   * The request context: the value of a condition key by its lower-cased name (`aws:sourceip`,
   * `s3:prefix`, `s3:existingobjecttag/team`); `undefined` when the key is absent. Multi-valued
   * keys are arrays. The principal keys (`aws:principalaccount`, `aws:principalarn`,
   * `aws:principaltype`, `aws:username`, `aws:userid`) need not be given: they are derived from
   * {@link PolicyRequest.principal}, and a value given here wins.
   */
  readonly context: (key: string) => string | readonly string[] | undefined;
}

/**
 * What a bucket policy says about a request: an explicit `'allow'`, an explicit `'deny'`
 * (which beats any allow), or `'none'` when no statement applies (the caller's other grants,
 * such as ownership, decide).
 */
export type PolicyDecision = 'allow' | 'deny' | 'none';
