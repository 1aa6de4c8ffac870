import picomatch from 'picomatch';

import type { FilterOptions } from '../filter-options.js';

/** A predicate for {@link FilterOptions}: what is excluded is neither transferred nor deleted. */
export function createPathFilter(options: FilterOptions): (relPath: string) => boolean {
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  const included = include.length === 0 ? () => true : picomatch([...include], { dot: true });
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], { dot: true });
  return (relPath) => included(relPath) && !excluded(relPath);
}
