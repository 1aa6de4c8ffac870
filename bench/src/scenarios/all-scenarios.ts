import { largeObjects } from './large-objects.js';
import { listing } from './listing.js';
import { memory } from './memory.js';
import type { Scenario } from './scenario.js';
import { smallObjects } from './small-objects.js';

/** Every scenario, in the order `pnpm bench` runs them. */
export const ALL_SCENARIOS: readonly Scenario[] = [largeObjects, smallObjects, memory, listing];
