/**
 * The services trail mode adds to the sandbox, routed before the core ones: SQS (AWS JSON
 * 1.0), Organizations (AWS JSON 1.1) and STS (Query). Answers true when it answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleOrganizations } from './organizations.ts';
import type { SandboxState } from './server.ts';
import { handleSqs } from './sqs.ts';
import { handleSts } from './sts.ts';

export function handleTrailServices(state: SandboxState, target: unknown, body: Buffer, req: IncomingMessage, res: ServerResponse): boolean {
  if (typeof target === 'string') {
    const [service, op] = target.split('.') as [string, string];
    if (service === 'AmazonSQS') {
      handleSqs(state, op, body, res);
      return true;
    }
    if (service === 'AWSOrganizationsV20161128') {
      const out = handleOrganizations(state, op, body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {});
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
      return true;
    }
    return false;
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
  const params = new URLSearchParams(body.toString('utf8'));
  if (params.get('Version') !== '2011-06-15') return false;
  handleSts(state, params, req.headers.authorization, res);
  return true;
}
