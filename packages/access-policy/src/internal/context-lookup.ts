/**
 * The request context as evaluation reads it: the value of a condition key by its lower-cased
 * name, `undefined` when the key is absent. Multi-valued keys are arrays.
 */
export type ContextLookup = (key: string) => string | readonly string[] | undefined;
