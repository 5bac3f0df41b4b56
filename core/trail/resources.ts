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

function tableArn(r: TrailRecord, table: string): string {
  return table.startsWith('arn:') ? table : regional(r, 'dynamodb', `table/${table}`);
}

function secretArn(r: TrailRecord, id: string): string {
  // A secret named without its ARN is matched by IAM as `name-??????` (the random suffix).
  return id.startsWith('arn:') ? id : regional(r, 'secretsmanager', `secret:${id}-??????`);
}

function kmsKeyArn(r: TrailRecord, key: string): string {
  return key.startsWith('arn:') ? key : regional(r, 'kms', key.startsWith('alias/') ? key : `key/${key}`);
}

/** `x-amz-copy-source` (`bucket/key`, `/bucket/key?versionId=…`, URL-encoded) → the source object's ARN. */
function copySourceArn(r: TrailRecord, source: string): string | undefined {
  let text = source.startsWith('/') ? source.slice(1) : source;
  const query = text.indexOf('?');
  if (query >= 0) text = text.slice(0, query);
  try {
    text = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1 || text.startsWith('arn:')) return undefined;
  return `arn:${partitionOf(r.region ?? '')}:s3:::${text}`;
}

/**
 * The ARN of a resource the request names for one action (a transaction item's table, a
 * secret of a batch read, a key of ReEncrypt, the source of a copy), or undefined when its
 * shape is not one we can place.
 */
export function arnOfRequestName(r: TrailRecord, service: string, name: string): string | undefined {
  const n = s(name);
  if (!n) return undefined;
  switch (service) {
    case 'dynamodb':
      return tableArn(r, n);
    case 'secretsmanager':
      return secretArn(r, n);
    case 'kms':
      return kmsKeyArn(r, n);
    case 's3':
      return copySourceArn(r, n);
    default:
      return n.startsWith('arn:') ? n : undefined;
  }
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
      if (!table) break;
      const arn = tableArn(record, table);
      // A Query or Scan of an index is authorised on the index's ARN, not the table's
      // (which CloudTrail's resources[] names): crediting the table would suggest a policy
      // that refuses the call.
      const index = s(p.indexName);
      if (!index) pushUnique(out, arn);
      else {
        const at = out.indexOf(arn);
        if (at >= 0) out.splice(at, 1);
        pushUnique(out, `${arn}/index/${index}`);
      }
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
      if (id) pushUnique(out, secretArn(record, id));
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
      if (key) pushUnique(out, kmsKeyArn(record, key));
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
