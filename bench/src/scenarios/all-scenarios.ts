import { backends } from './backends.js';
import { cache } from './cache.js';
import { checksums } from './checksums.js';
import { envelope } from './envelope.js';
import { largeObjects } from './large-objects.js';
import { listing } from './listing.js';
import { memory } from './memory.js';
import { metastore } from './metastore.js';
import type { Scenario } from './scenario.js';
import { sigv4 } from './sigv4.js';
import { smallObjects } from './small-objects.js';
import { soak } from './soak.js';
import { transfer } from './transfer.js';

/**
 * Every scenario, in the order `pnpm bench` runs them (servers first, then in-process ones);
 * those marked `onlyWhenNamed` (`cache`, `transfer`) run only when named.
 */
export const ALL_SCENARIOS: readonly Scenario[] = [
  largeObjects,
  smallObjects,
  memory,
  listing,
  backends,
  cache,
  transfer,
  soak,
  sigv4,
  checksums,
  envelope,
  metastore,
];
