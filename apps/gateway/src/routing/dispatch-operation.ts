import type { Handler } from 'hono';
import type { GatewayDeps } from '../deps.js';
import type { GatewayEnv } from '../env.js';
import { operationNamed } from './operations.js';

/**
 * The gateway's one route: runs the handler of the operation `authorizeRequest()` resolved
 * from the operation table.
 */
export function dispatchOperation(deps: GatewayDeps): Handler<GatewayEnv> {
  return (c) => operationNamed(c.get('operation')).handler(c, deps);
}
