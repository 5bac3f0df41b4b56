/**
 * The one order of IAM access levels, riskiest first: the order of every list of
 * actions and every count by level in the report.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { AccessLevel } from '../model.ts';

/** Access levels, riskiest first. */
export const ACCESS_LEVELS: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** Each level's position in `ACCESS_LEVELS` (0 = riskiest), for bucketing without a comparator. */
export const ACCESS_LEVEL_RANK = Object.fromEntries(ACCESS_LEVELS.map((level, i) => [level, i])) as Readonly<Record<AccessLevel, number>>;

/** The catalog's access level of an action; an action the catalog does not know ranks as a write, to err on the side of care. */
export function accessLevelOf(catalog: Catalog, action: string): AccessLevel {
  return catalog.lookup(action)?.accessLevel ?? 'Write';
}
