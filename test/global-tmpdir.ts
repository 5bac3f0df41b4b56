/**
 * One temporary directory per test run, removed at its end: tests, the CLI and the
 * packaging they start (osls, esbuild) make their scratch folders under `os.tmpdir()`,
 * which follows TMPDIR, and a test that fails before its own clean-up leaves nothing behind.
 * Each Vitest project runs global setup: the first makes the directory, the others keep it
 * (a nested path would be too long for Chromium's socket, 108 bytes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK = 'POLICY_DRIFT_TEST_TMPDIR';

export default function setup(): () => void {
  if (process.env[MARK]) return () => {};
  const dir = mkdtempSync(join(tmpdir(), 'pdt-'));
  process.env[MARK] = dir;
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
