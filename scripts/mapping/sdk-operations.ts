/**
 * The operations each service has, from the AWS SDK for JavaScript v2 API models
 * (`apis/<service>-<version>.min.json`, Apache-2.0). Only operation names are read: the
 * permission-only derivation needs to know which actions some operation carries the name of.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ApiModel {
  metadata?: { serviceId?: string; signingName?: string; endpointPrefix?: string };
  operations?: Record<string, unknown>;
}

/** One model's service names (the SDK class and the request-signing names) and its operations. */
export interface ServiceOperations {
  /** The SDK class name as map.json spells it (`CloudWatchLogs`). */
  sdkClass: string;
  /** Fallbacks for the IAM prefix when map.json does not know the class. */
  signingName?: string;
  endpointPrefix?: string;
  operations: string[];
}

/** Every model in `dir`, versions of one service merged. Unreadable files are reported, not fatal. */
export function readSdkOperations(dir: string): { services: ServiceOperations[]; unreadable: string[] } {
  const byClass = new Map<string, ServiceOperations>();
  const unreadable: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.min.json')).sort()) {
    let model: ApiModel;
    try {
      model = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ApiModel;
    } catch {
      unreadable.push(file);
      continue;
    }
    const id = model.metadata?.serviceId;
    if (!id || !model.operations) {
      unreadable.push(file);
      continue;
    }
    const sdkClass = id.replace(/\s+/g, '');
    const entry = byClass.get(sdkClass) ?? {
      sdkClass,
      ...(model.metadata?.signingName ? { signingName: model.metadata.signingName } : {}),
      ...(model.metadata?.endpointPrefix ? { endpointPrefix: model.metadata.endpointPrefix } : {}),
      operations: [],
    };
    for (const op of Object.keys(model.operations)) if (!entry.operations.includes(op)) entry.operations.push(op);
    byClass.set(sdkClass, entry);
  }
  return { services: [...byClass.values()], unreadable };
}
