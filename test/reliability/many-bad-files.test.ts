/**
 * Damage at scale stays readable: 5,000 broken CloudTrail files name the first 20 and count
 * the rest, as other skipped files do; every one is still counted by reason.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import { hostileExport } from './hostile-export.ts';

describe('thousands of bad files', () => {
  it('5,000 invalid CloudTrail files: 20 named, the rest counted in one line', async () => {
    const input = hostileExport();
    mkdirSync(join(input, 'cloudtrail', 'broken'));
    for (let i = 0; i < 5000; i++) writeFileSync(join(input, 'cloudtrail', 'broken', `f${String(i).padStart(4, '0')}.json`), '{"Records": [');
    const r = await analyzeExport({ input, now: new Date('2026-11-20T00:00:00Z'), workers: 1 });
    expect(r.input.files?.skipped).toEqual({ 'invalid-json': 5000 });
    const trailLines = r.problems.filter((p) => /CloudTrail file/.test(p));
    expect(trailLines).toHaveLength(21);
    expect(trailLines[0]).toMatch(/broken\/f0000\.json: invalid-json \(region unknown, time unknown\)$/);
    expect(trailLines[20]).toBe('… and 4,980 more CloudTrail files not read in full (counted by reason in input.files.skipped)');
    expect(r.input.incompleteRegions).toEqual(['unknown region']);
  }, 60_000);
});
