/** Include/exclude globs, matched against the `/`-separated path below the root or prefix. */
export interface FilterOptions {
  /** Only paths matching one of these (picomatch globs, `dot: true`). Default: every path. */
  include?: readonly string[];
  /** No path matching one of these, even if included. */
  exclude?: readonly string[];
}
