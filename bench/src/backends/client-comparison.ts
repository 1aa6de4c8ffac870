import { measure, runPool, type Measured } from '../measure.js';
import { createPatternStream, smallBody } from '../pattern-stream.js';
import { S3HttpClient } from '../s3-http-client.js';
import { rotate, type ScenarioContext } from '../scenarios/scenario.js';
import type { ColumnName, RunningTarget } from '../targets/target.js';
import { createAwsSdkDriver } from './aws-sdk-driver.js';
import type { ClientDriver, ClientDriverConfig } from './client-driver.js';
import { recordClientRep, type ClientOpSamples } from './record-clients.js';
import type { SmallOpsConfig } from './path-transfers.js';
import { createStrataClientDriver } from './strata-client-driver.js';

/** The bucket the client comparison uses on its server. */
export const CLIENT_BUCKET = 'bench-clients';

/** What the client comparison runs. */
export type ClientPlan = {
  readonly reps: number;
  readonly small: SmallOpsConfig;
  readonly largeSize: number;
};

/**
 * `@strata/s3-client` against `@aws-sdk/client-s3` (checksums when required, and the default)
 * on the same server, in the column `column`: small PUT/GET ops/s at the plan's concurrency and
 * one large PUT/GET, each with the bench process's CPU per operation. The order of the clients
 * rotates each repeat. A client that fails is noted and left out of the rest, never fatal.
 */
export async function compareClients(
  ctx: ScenarioContext,
  column: ColumnName,
  server: RunningTarget,
  plan: ClientPlan,
): Promise<void> {
  const setup = new S3HttpClient({ ...server, connections: 2 });
  await setup.createBucket(CLIENT_BUCKET).finally(() => setup.close());
  const drivers = createDrivers({
    ...server,
    bucket: CLIENT_BUCKET,
    connections: plan.small.concurrency,
  });
  const dropped = new Set<ClientDriver>();
  const guarded = async <T>(d: ClientDriver, what: string, fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (error) {
      dropped.add(d);
      const message = error instanceof Error ? error.message : String(error);
      ctx.note(`Client ${d.name} failed at ${what} on ${column} and was left out: ${message}`);
      ctx.log(`${d.name} FAILED at ${what}: ${message}`);
      return undefined;
    }
  };
  try {
    const warm = { ...plan, small: { ...plan.small, count: 200 }, largeSize: 32 * 2 ** 20 };
    for (const d of drivers) await guarded(d, 'warm-up', () => runClient(server, d, warm, 'w'));
    for (let rep = 0; rep < plan.reps; rep++) {
      const samples = new Map<ClientDriver, ClientOpSamples>();
      for (const d of rotate(drivers, rep).filter((x) => !dropped.has(x))) {
        const s = await guarded(d, `rep ${rep}`, () => runClient(server, d, plan, String(rep)));
        if (s) samples.set(d, s);
      }
      recordClientRep(ctx.recorder, column, plan, drivers, samples);
      ctx.log(
        `clients rep ${rep}: ${[...samples].map(([d, s]) => summary(d, s, plan)).join('; ')}`,
      );
    }
  } finally {
    await Promise.all(drivers.map((d) => d.close()));
  }
}

/** The clients compared, in their first order: ours, then the SDK lean, then as shipped. */
function createDrivers(config: ClientDriverConfig): ClientDriver[] {
  return [
    createStrataClientDriver(config),
    createAwsSdkDriver(config, 'when-required'),
    createAwsSdkDriver(config, 'default'),
  ];
}

async function runClient(
  server: RunningTarget,
  d: ClientDriver,
  plan: Pick<ClientPlan, 'small' | 'largeSize'>,
  tag: string,
): Promise<ClientOpSamples> {
  const { size, concurrency, count } = plan.small;
  const body = smallBody(size);
  const key = (i: number): string => `c-${tag}-${String(i).padStart(6, '0')}`;
  const pool = (fn: (i: number) => Promise<unknown>) => runPool(count, concurrency, fn);
  const smallPut = await measure(server.pid, () => pool((i) => d.put(key(i), body, size)));
  const smallGet = await measure(server.pid, () => pool((i) => expectBytes(d, key(i), size)));
  await pool((i) => d.delete(key(i)));
  const big = `c-${tag}-large`;
  const large = plan.largeSize;
  const largePut = await measure(server.pid, () => d.put(big, createPatternStream(large), large));
  const largeGet = await measure(server.pid, () => expectBytes(d, big, large));
  await d.delete(big);
  return { smallPut, smallGet, largePut, largeGet };
}

async function expectBytes(d: ClientDriver, key: string, size: number): Promise<void> {
  const n = await d.get(key);
  if (n !== size) throw new Error(`${d.name}: GET ${key} returned ${n} of ${size} bytes`);
}

function summary(d: ClientDriver, s: ClientOpSamples, plan: ClientPlan): string {
  const ops = (m: Measured<unknown>) => (plan.small.count / m.wallS).toFixed(0);
  const mib = (m: Measured<unknown>) => (plan.largeSize / 2 ** 20 / m.wallS).toFixed(0);
  return `${d.name} PUT ${ops(s.smallPut)}/s GET ${ops(s.smallGet)}/s, large PUT ${mib(s.largePut)} GET ${mib(s.largeGet)} MiB/s`;
}
