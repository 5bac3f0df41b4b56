/**
 * Starting the compiled command reads only what the command needs: the AWS SDK (several
 * MB of bundled code, a few hundred milliseconds to evaluate) is loaded by `--live` and the
 * trail commands when they run, never by `--help` or `analyze --input`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, ensureBuilt } from '../../bin/build.mjs';

/** The files dist/cli.mjs loads before it runs: itself and the chunks it imports statically, transitively. */
function staticallyLoaded(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    const text = readFileSync(join(DIST, queue.pop()!), 'utf8');
    for (const m of text.matchAll(/^import\s[^;]*?from\s*"\.\/(chunk-[A-Z0-9]+\.mjs)"|^import\s*"\.\/(chunk-[A-Z0-9]+\.mjs)"/gm)) {
      const chunk = m[1] ?? m[2]!;
      if (!seen.has(chunk)) {
        seen.add(chunk);
        queue.push(chunk);
      }
    }
  }
  return [...seen];
}

describe('the compiled command at start', () => {
  it('loads no AWS SDK client before a command asks for one', async () => {
    await ensureBuilt();
    const loaded = staticallyLoaded('cli.mjs');
    const withSdk = loaded.filter((f) => /node_modules\/@aws-sdk\/client-/.test(readFileSync(join(DIST, f), 'utf8')));
    expect(withSdk).toEqual([]);
    // The SDK is still in the build, in chunks loaded on demand.
    const all = readFileSync(join(DIST, 'cli.mjs'), 'utf8');
    expect(all).toMatch(/import\("\.\/chunk-[A-Z0-9]+\.mjs"\)/);
  });
});
