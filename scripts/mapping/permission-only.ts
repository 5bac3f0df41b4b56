/**
 * Which catalog actions no API operation authorises. An operation authorises the actions
 * its rules name, or, with no rule of its own, the action of its own name. A service is
 * covered when the sources list at least one of its operations; actions of other services
 * are left out of the list (the lookup reports them as `unknown-service`).
 */
import type { Catalog } from '../../core/catalog/catalog.ts';
import type { OperationUniverse } from './build-table.ts';
import type { ServiceOperations } from './sdk-operations.ts';

/** Add the SDK models' operations (as default-rule operations) to the universe; returns the classes no prefix was found for. */
export function addSdkOperations(
  universe: OperationUniverse,
  services: ServiceOperations[],
  prefixOfClass: (sdkClass: string) => string | undefined,
  catalog: Catalog,
): string[] {
  const unplaced: string[] = [];
  for (const s of services) {
    // map.json's class table first, then the class and endpoint names when the catalog has such a service,
    // then the signing name when the class is named after it (BedrockRuntime signs as bedrock; Connect
    // Participant signs as execute-api, API Gateway's prefix, and is not placed there).
    const signing = s.signingName && s.sdkClass.toLowerCase().startsWith(s.signingName.replace(/-/g, '')) ? s.signingName : undefined;
    const prefix = [prefixOfClass(s.sdkClass), s.sdkClass.toLowerCase(), s.endpointPrefix, signing].find(
      (p): p is string => p !== undefined && catalog.hasService(p),
    );
    if (!prefix) {
      unplaced.push(s.sdkClass);
      continue;
    }
    let ops = universe.get(prefix);
    if (!ops) universe.set(prefix, (ops = new Map()));
    for (const op of s.operations) if (!ops.has(op.toLowerCase())) ops.set(op.toLowerCase(), null);
  }
  return unplaced.sort();
}

/** The covered services and the permission-only actions among the catalog's, both sorted. */
export function derivePermissionOnly(
  universe: OperationUniverse,
  catalog: Catalog,
): { coveredServices: string[]; permissionOnly: Record<string, string[]> } {
  const authorised = new Set<string>();
  const covered = new Set<string>();
  for (const [prefix, ops] of universe) {
    if (!catalog.hasService(prefix)) continue;
    covered.add(prefix);
    for (const [op, actions] of ops) {
      for (const a of actions ?? [`${prefix}:${op}`]) authorised.add(a);
    }
  }
  const permissionOnly: Record<string, string[]> = {};
  for (const a of catalog.all()) {
    if (!covered.has(a.service.toLowerCase()) || authorised.has(a.action.toLowerCase())) continue;
    (permissionOnly[a.service] ??= []).push(a.action.slice(a.action.indexOf(':') + 1));
  }
  for (const names of Object.values(permissionOnly)) names.sort();
  return { coveredServices: [...covered].sort(), permissionOnly };
}
