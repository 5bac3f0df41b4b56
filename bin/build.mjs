// The compiled CLI in dist/, built by esbuild from the TypeScript sources: the command runs
// plain JavaScript (tsx is for development only). Run by `npm ci` / `npm install` (the
// `prepare` script) and, when dist/ is missing or older than what it was built from, by
// bin/policy-drift.js and by the fold worker pool on first use: no network, about a second.
// Plain JavaScript on purpose: it must run before anything is compiled.
//
//   dist/cli.mjs          the policy-drift command (`main`), with its lazily loaded chunks
//   dist/fold-worker.cjs  a fold worker thread's script (sources/trail/pool.ts)
//   dist/load-thread.mjs  the loader thread's script (sources/trail/fold-in-thread.ts)
//   dist/manifest.json    what they were built from, to tell when they are stale
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
const MANIFEST = join(DIST, 'manifest.json');
/** Bumped when this file's output changes shape: a dist/ of another version is rebuilt. */
const BUILD_VERSION = 1;
/** What the dependencies' bundled code depends on: npm rewrites it on every install. */
const INSTALLED = ['node_modules/.package-lock.json', 'package-lock.json', 'bin/build.mjs'];
const STALE_CHUNK_MS = 3600_000;

/** A file's identity for staleness: size and modification time (a stat, no read). */
function stamp(path) {
  try {
    const s = statSync(join(ROOT, path));
    return `${s.size}:${Math.round(s.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

/**
 * Whether dist/ was built by this version from the files as they are now: one stat per
 * source file the build read (about 200 files, a few milliseconds), dependencies judged by
 * npm's lock files.
 */
export function isFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  if (manifest.version !== BUILD_VERSION) return false;
  for (const [path, was] of Object.entries(manifest.inputs)) if (stamp(path) !== was) return false;
  return true;
}

/** Options shared by every output: Node 20, readable stack traces. */
const COMMON = { bundle: true, platform: 'node', target: 'node20', minify: false, sourcemap: false, logLevel: 'warning', metafile: true, write: false };
/** An ESM bundle of CommonJS dependencies (the AWS SDK) needs `require`. */
const REQUIRE_BANNER = "import { createRequire as __pdRequire } from 'node:module'; const require = __pdRequire(import.meta.url);";

/**
 * Build dist/ from the sources. Each file is written beside its final name and renamed
 * into place, the manifest last: a process starting meanwhile (tests run many at once)
 * sees the old build or the new one, and builds running at once write the same bytes.
 */
export async function build() {
  const esbuild = await import('esbuild');
  const results = await Promise.all([
    esbuild.build({
      ...COMMON,
      entryPoints: { cli: join(ROOT, 'cli/main.ts') },
      format: 'esm',
      // Commands load what they need: `--help` and `analyze --input` never parse the AWS SDK.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      outdir: DIST,
      banner: { js: REQUIRE_BANNER },
      // Only the sources' own runs build (pool.ts from the sources); never bundled.
      external: ['esbuild'],
    }),
    esbuild.build({
      ...COMMON,
      entryPoints: { 'fold-worker': join(ROOT, 'sources/trail/fold-worker.ts') },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      outdir: DIST,
      // The worker is handed its catalog folder (workerData): catalogDataDir's import.meta is never read there.
      logOverride: { 'empty-import-meta': 'silent' },
    }),
    esbuild.build({ ...COMMON, entryPoints: { 'load-thread': join(ROOT, 'sources/trail/load-thread.mjs') }, format: 'esm', outExtension: { '.js': '.mjs' }, outdir: DIST }),
  ]);
  mkdirSync(DIST, { recursive: true });
  const inputs = {};
  for (const path of INSTALLED) inputs[path] = stamp(path);
  const written = new Set();
  for (const r of results) {
    // The project's own files (esbuild names them relative to the working folder); not
    // dependencies (the lock files stand for them) nor esbuild's virtual modules (`(disabled):…`).
    for (const path of Object.keys(r.metafile.inputs)) if (!path.includes('node_modules/') && !path.startsWith('(') && !path.startsWith('<')) inputs[relative(ROOT, join(process.cwd(), path))] = undefined;
    for (const file of r.outputFiles) {
      const temp = `${file.path}.${process.pid}.tmp`;
      writeFileSync(temp, file.contents);
      renameSync(temp, file.path);
      written.add(file.path);
    }
  }
  for (const path of Object.keys(inputs)) inputs[path] ??= stamp(path);
  // Chunks of earlier builds (named by their content's hash) are removed once an hour old:
  // a command started from the earlier build may still load them.
  for (const name of readdirSync(DIST)) {
    const path = join(DIST, name);
    if (name.startsWith('chunk-') && !written.has(path) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true });
  }
  const temp = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ version: BUILD_VERSION, inputs }, null, 1));
  renameSync(temp, MANIFEST);
}

/** Build dist/ unless it is fresh. */
export async function ensureBuilt() {
  if (!isFresh()) await build();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await build();
