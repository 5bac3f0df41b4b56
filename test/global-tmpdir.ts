/**
 * One temporary directory per test run, removed at its end: tests, the CLI and the
 * packaging they start (osls, esbuild) make their scratch folders under `os.tmpdir()`,
 * which follows TMPDIR, and a test that fails before its own clean-up leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'policy-drift-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
