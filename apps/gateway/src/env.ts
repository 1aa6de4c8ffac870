import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomerKey, LifecycleRule, WriteEncryption } from '@strata/object-layer';
import type { AuthResult } from '@strata/sigv4-verify';
import type { BodyPace, RequestBody } from './http/request-body.js';
import type { AccessScope } from './auth/access-control.js';
import type { AccessCheck } from './auth/authorize.js';
import type { BufferAccount } from './limits/byte-budget.js';
import type { RequestSlots } from './limits/request-slots.js';
import type { OperationName } from './routing/operation-names.js';
import type { S3Target } from './routing/resolve-target.js';

/** What a request's server-side encryption headers ask for (see `serverSideEncryption()`). */
export interface RequestEncryption {
  /** A write's encryption; absent: the bucket's default. */
  readonly write: WriteEncryption | undefined;
  /** The customer key of a read or an upload part. */
  readonly customerKey: CustomerKey | undefined;
  /** The customer key of a copy source. */
  readonly sourceCustomerKey: CustomerKey | undefined;
}

/** Hono environment of the gateway app: node-server bindings and per-request variables. */
export interface GatewayEnv {
  Bindings: {
    /** Present when served by @hono/node-server; absent under `app.request()` in tests. */
    incoming?: IncomingMessage;
    outgoing?: ServerResponse;
    /**
     * The peer's address where there is no Node socket (`app.request()` in tests, other
     * runtimes); the socket's address wins when both exist.
     */
    remoteAddress?: string;
  };
  Variables: {
    requestId: string;
    /** `x-amz-id-2` of this response. */
    hostId: string;
    target: S3Target;
    /** The verified signature; absent for an anonymous request. */
    auth?: AuthResult;
    /**
     * Canonical user id of whoever owns what the request creates: its bucket's owner once
     * authorized (S3's BucketOwnerEnforced), the caller's tenant for account-level requests.
     */
    owner: string;
    /**
     * The enabled lifecycle rules of the request's bucket, for `x-amz-expiration`; set by
     * `authorizeRequest` when the bucket has some.
     */
    lifecycle?: readonly LifecycleRule[];
    /**
     * The request's bucket had versioning configured (`Enabled` or `Suspended`), so reads name
     * its null version `null`; set by `authorizeRequest`.
     */
    versioned?: true;
    /** Who the request acts as, and what its key may reach (`ANONYMOUS_SCOPE` unsigned). */
    scope: AccessScope;
    /**
     * Checks further permissions against the caller and the bucket policy, for handlers that
     * learn them from the body (DeleteObjects' keys, POST Object's form). Set by `authorizeRequest`.
     */
    authorize: (checks: readonly AccessCheck[], authType?: 'POST') => Promise<void>;
    /** The S3 operation the request asks for. */
    operation: OperationName;
    /** The client's address (through trusted proxies), set by `authorizeRequest`. */
    sourceIp: string;
    /** The S3 error code the request was answered with (set by `onError`). */
    errorCode?: string;
    /** The request's trace id, for log lines (set by `requestTracing()` when tracing is on). */
    traceId?: string;
    /** The request body's owner, set when a handler opens the body (`openRequestBody`). */
    body?: RequestBody;
    /** How slowly a client may send a body (set by the `releaseBody()` middleware). */
    bodyPace?: BodyPace;
    /** The request's server-side encryption headers, read by `serverSideEncryption()`. */
    sse?: RequestEncryption;
    /** What the request holds (in-flight slots, buffered bytes), set by `admission()`. */
    slots: RequestSlots;
    /** The request's share of the buffered-bytes budget, set by `admission()` with limits. */
    bufferedBytes?: BufferAccount;
  };
}
