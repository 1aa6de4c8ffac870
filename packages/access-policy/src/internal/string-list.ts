import type { Fault } from './fault.js';
import { REASONS } from './reasons.js';

/** The strings of an element that takes one string or an array of them. */
export function stringList(raw: unknown, fault: Fault, empty: string): string[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) fault(empty, raw);
  for (const item of list) if (typeof item !== 'string') fault(REASONS.syntax, item);
  return list as string[];
}
