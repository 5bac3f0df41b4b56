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

function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

// No closures below: this runs for every call of a tracked role, and a closure per call costs more than the work.

/** `arn:partition:service:region:account:resource` for the record's region and account. */
function regional(r: TrailRecord, service: string, resource: string): string {
  const region = r.region ?? '';
  return `arn:${partitionOf(region)}:${service}:${region}:${r.accountId ?? ''}:${resource}`;
}

function pushUnique(out: string[], v: string | undefined): void {
  if (v && !out.includes(v)) out.push(v);
}

/** Candidate ARNs for a record, before they are matched to an action's resource types. */
export function candidateResources(record: TrailRecord, service: string): string[] {
  const out = record.resourceArns.slice();
  const p = record.requestParameters;
  if (!p) return out;
  switch (service) {
    case 's3': {
      const bucket = s(p.bucketName);
      if (bucket) {
        const partition = partitionOf(record.region ?? '');
        pushUnique(out, `arn:${partition}:s3:::${bucket}`);
        const key = s(p.key);
        if (key) pushUnique(out, `arn:${partition}:s3:::${bucket}/${key}`);
      }
      break;
    }
    case 'dynamodb': {
      const table = s(p.tableName);
      if (table) pushUnique(out, table.startsWith('arn:') ? table : regional(record, 'dynamodb', `table/${table}`));
      break;
    }
    case 'sqs': {
      const url = s(p.queueUrl);
      const m = url ? /https?:\/\/[^/]+\/(\d{12})\/([^/?]+)/.exec(url) : null;
      if (m) pushUnique(out, `arn:${partitionOf(record.region ?? '')}:sqs:${record.region ?? ''}:${m[1]}:${m[2]}`);
      break;
    }
    case 'sns':
      pushUnique(out, s(p.topicArn));
      break;
    case 'secretsmanager': {
      const id = s(p.secretId);
      // A secret named without its ARN is matched by IAM as `name-??????` (the random suffix).
      if (id) pushUnique(out, id.startsWith('arn:') ? id : regional(record, 'secretsmanager', `secret:${id}-??????`));
      break;
    }
    case 'ssm': {
      if (Array.isArray(p.names)) {
        for (const raw of p.names) {
          const n = s(raw);
          if (n) pushUnique(out, n.startsWith('arn:') ? n : regional(record, 'ssm', `parameter/${n.replace(/^\//, '')}`));
        }
      } else {
        const n = s(p.name);
        if (n) pushUnique(out, n.startsWith('arn:') ? n : regional(record, 'ssm', `parameter/${n.replace(/^\//, '')}`));
      }
      break;
    }
    case 'kms': {
      const key = s(p.keyId);
      if (key) pushUnique(out, key.startsWith('arn:') ? key : regional(record, 'kms', key.startsWith('alias/') ? key : `key/${key}`));
      break;
    }
    case 'lambda': {
      const fn = s(p.functionName);
      if (fn) pushUnique(out, fn.startsWith('arn:') ? fn : regional(record, 'lambda', `function:${fn}`));
      break;
    }
    case 'logs': {
      const group = s(p.logGroupName);
      const stream = s(p.logStreamName);
      if (group) pushUnique(out, regional(record, 'logs', `log-group:${group}${stream ? `:log-stream:${stream}` : ''}`));
      break;
    }
    case 'ecr': {
      const repo = s(p.repositoryName);
      if (repo) pushUnique(out, regional(record, 'ecr', `repository/${repo}`));
      break;
    }
  }
  return out;
}

/** The candidates that fit one of the action's resource types (a bucket ARN is not an object ARN). */
export function resourcesForAction(action: CatalogAction, candidates: string[]): string[] {
  const patterns = action.resourceArnPatterns;
  const out: string[] = [];
  if (patterns.length === 0) return out;
  for (const arn of candidates) {
    for (const re of patterns) {
      if (re.test(arn)) {
        out.push(arn);
        break;
      }
    }
  }
  return out;
}
