import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readExportDir } from '../../../sources/export-dir.ts';

describe('CloudTrail digest files in an export', () => {
  it('are counted as ignored, neither read as CloudTrail nor reported as problems', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pd-digest-'));
    const files: Record<string, Buffer> = {
      'cloudtrail/AWSLogs/1/CloudTrail/us-east-1/2026/11/10/1_CloudTrail_us-east-1_20261110T0000Z_a.json.gz': gzipSync(JSON.stringify({ Records: [] })),
      // A digest holds signatures of the log files, not events ("CloudTrail digest file structure").
      'cloudtrail/AWSLogs/1/CloudTrail-Digest/us-east-1/2026/11/10/1_CloudTrail-Digest_us-east-1_main_us-east-1_20261110T010000Z.json.gz': gzipSync(
        JSON.stringify({ awsAccountId: '1', digestStartTime: '2026-11-10T00:00:00Z', logFiles: [] }),
      ),
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    const data = await readExportDir(root);
    expect(data.trailFiles).toHaveLength(1);
    expect(data.trailFiles[0]).toMatch(/_CloudTrail_us-east-1_/);
    expect(data.files.ignored).toBe(1);
    expect(data.problems).toEqual([]);
  });
});
