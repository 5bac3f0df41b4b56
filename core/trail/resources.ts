/**
 * Resource ARNs a call acted on: `resources[]` where CloudTrail fills it, otherwise
 * rebuilt from the well-known request parameters of the services ECS workloads use.
 * Only names are read from the parameters; values (message bodies, items) never are.
 */
import type { CatalogAction } from '../catalog/catalog.ts';
import type { TrailRecord } from './record.ts';

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : undefined;
}

/** Candidate ARNs for a record, before they are matched to an action's resource types. */
export function candidateResources(record: TrailRecord, service: string): string[] {
  const out = new Set(record.resourceArns);
  const p = record.requestParameters;
  if (!p) return [...out];
  const region = record.region ?? '';
  const account = record.accountId ?? '';
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const arn = (svc: string, resource: string, withRegion = true) =>
    `arn:${partition}:${svc}:${withRegion ? region : ''}:${withRegion ? account : ''}:${resource}`;
  const add = (v: string | undefined) => v && out.add(v);

  switch (service) {
    case 's3': {
      const bucket = s(p.bucketName);
      if (bucket) {
        out.add(`arn:${partition}:s3:::${bucket}`);
        const key = s(p.key);
        if (key) out.add(`arn:${partition}:s3:::${bucket}/${key}`);
      }
      break;
    }
    case 'dynamodb': {
      const table = s(p.tableName);
      if (table) add(table.startsWith('arn:') ? table : arn('dynamodb', `table/${table}`));
      break;
    }
    case 'sqs': {
      const url = s(p.queueUrl);
      const m = url ? /https?:\/\/[^/]+\/(\d{12})\/([^/?]+)/.exec(url) : null;
      if (m) out.add(`arn:${partition}:sqs:${region}:${m[1]}:${m[2]}`);
      break;
    }
    case 'sns':
      add(s(p.topicArn));
      break;
    case 'secretsmanager': {
      const id = s(p.secretId);
      // A secret named without its ARN is matched by IAM as `name-??????` (the random suffix).
      if (id) add(id.startsWith('arn:') ? id : arn('secretsmanager', `secret:${id}-??????`));
      break;
    }
    case 'ssm': {
      const names = Array.isArray(p.names) ? p.names.map(s) : [s(p.name)];
      for (const n of names) if (n) add(n.startsWith('arn:') ? n : arn('ssm', `parameter/${n.replace(/^\//, '')}`));
      break;
    }
    case 'kms': {
      const key = s(p.keyId);
      if (key) add(key.startsWith('arn:') ? key : key.startsWith('alias/') ? arn('kms', key) : arn('kms', `key/${key}`));
      break;
    }
    case 'lambda': {
      const fn = s(p.functionName);
      if (fn) add(fn.startsWith('arn:') ? fn : arn('lambda', `function:${fn}`));
      break;
    }
    case 'logs': {
      const group = s(p.logGroupName);
      const stream = s(p.logStreamName);
      if (group) add(arn('logs', `log-group:${group}${stream ? `:log-stream:${stream}` : ''}`));
      break;
    }
    case 'ecr': {
      const repo = s(p.repositoryName);
      if (repo) add(arn('ecr', `repository/${repo}`));
      break;
    }
  }
  return [...out];
}

/** The candidates that fit one of the action's resource types (a bucket ARN is not an object ARN). */
export function resourcesForAction(action: CatalogAction, candidates: string[]): string[] {
  if (action.resourceArnPatterns.length === 0) return [];
  return candidates.filter((arn) => action.resourceArnPatterns.some((re) => re.test(arn)));
}
