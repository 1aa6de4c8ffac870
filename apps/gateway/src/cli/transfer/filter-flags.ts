import type { FilterOptions } from '@strata/transfer';

/** `--include` / `--exclude`, each repeatable. */
export interface FilterFlags {
  include?: string[];
  exclude?: string[];
}

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The engine's filter options for the flags given. */
export function toFilterOptions(flags: FilterFlags): FilterOptions {
  return {
    ...(flags.include === undefined ? {} : { include: flags.include }),
    ...(flags.exclude === undefined ? {} : { exclude: flags.exclude }),
  };
}
