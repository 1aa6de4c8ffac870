/** Gateway version, reported by `strata --version`. */
export const VERSION = '0.1.0';
