/** IAM last-accessed files in an export: how each names its role, and what is skipped and said. */
import { describe, expect, it } from 'vitest';
import { exportLastAccessed } from '../../sources/export-last-accessed.ts';

const API = { key: '111122223333:orders-api-task', roleArn: 'arn:aws:iam::111122223333:role/app/orders-api-task', roleName: 'orders-api-task' };
const WORKER = { key: '111122223333:order-worker-task', roleArn: 'arn:aws:iam::111122223333:role/app/order-worker-task', roleName: 'order-worker-task' };
const page = (services: unknown[], extra: Record<string, unknown> = {}) => ({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCompletionDate: '2026-11-17T00:00:05+00:00', ServicesLastAccessed: services, IsTruncated: false, ...extra });

describe('last-accessed files in an export', () => {
  it('finds the role by RoleArn, else by file name, and merges the pages of one role', async () => {
    const read = await exportLastAccessed([
      { path: '/x/last-accessed/api-page-1.json', value: page([{ ServiceNamespace: 's3', LastAuthenticated: '2026-11-16T00:00:00+00:00' }], { RoleArn: API.roleArn, IsTruncated: true, Marker: 'm' }) },
      { path: '/x/last-accessed/api-page-2.json', value: page([{ ServiceNamespace: 'sns' }], { RoleArn: API.roleArn }) },
      { path: '/x/last-accessed/Order-Worker-Task.json', value: page([{ ServiceNamespace: 'cloudwatch' }]) },
    ]).read([API, WORKER]);
    expect(read.reports.get(API.key)?.services.map((s) => s.service)).toEqual(['s3', 'sns']);
    expect(read.reports.get(WORKER.key)).toMatchObject({ roleArn: WORKER.roleArn, source: 'export-file', generatedAt: '2026-11-17T00:00:05Z' });
    expect(read.problems).toEqual([]);
  });

  it('skips and names a file that names no tracked role or whose job is not complete; a role without a file says so', async () => {
    const read = await exportLastAccessed([
      { path: '/x/last-accessed/someone-else.json', value: page([]) },
      { path: '/x/last-accessed/other.json', value: page([], { RoleArn: 'arn:aws:iam::999999999999:role/orders-api-task' }) },
      { path: '/x/last-accessed/orders-api-task.json', value: page([], { JobStatus: 'IN_PROGRESS' }) },
    ]).read([API, WORKER]);
    expect(read.reports.size).toBe(0);
    expect(read.problems).toEqual([
      'skipped last-accessed file orders-api-task.json: job status is IN_PROGRESS, not COMPLETED',
      'last-accessed files naming no tracked role (by RoleArn or file name): someone-else.json, other.json',
    ]);
    expect(read.missing.get(WORKER.key)).toBe('no IAM last-accessed file for this role in the export');
  });
});
