import type { Agent } from 'undici';
import type { ResolvedS3ClientConfig } from '../s3-client-config.js';
import type { RequestSigner } from './sign-request.js';

/** What every operation needs: the resolved config, the connection pools and the signer. */
export interface ClientContext {
  readonly config: ResolvedS3ClientConfig;
  readonly agent: Agent;
  readonly sign: RequestSigner;
}
