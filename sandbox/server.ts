/**
 * The loopback AWS sandbox: one HTTP server on 127.0.0.1 that speaks the wire protocols
 * of exactly the operations policy-drift calls, so the real SDK clients (pointed at it by
 * AWS_ENDPOINT_URL) exercise serialisation, pagination tokens, error shapes and retries.
 *
 * Protocol modules: ./json11.ts (ECS, CloudTrail), ./query.ts (IAM, SNS; IAM's last-accessed
 * jobs in ./iam-last-accessed.ts), ./s3.ts, ./access-analyzer.ts (REST-JSON); for trail mode
 * ./trail-services.ts (SQS, Organizations, STS) and ./accounts.ts (several accounts).
 * Time is ./clock.ts, virtual. Signatures must be present but are not verified; the region
 * a request is signed for is the region it is sent to (its SigV4 credential scope), so
 * regional services answer as that region would: a bucket in another region redirects,
 * a topic in another region is an invalid parameter, LookupEvents and ECS see only the
 * region's own events and resources.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAccessAnalyzer, isAccessAnalyzerRequest, type AccessAnalyzerRule } from './access-analyzer.ts';
import { VirtualClock } from './clock.ts';
import { defaultLastAccessedFaults, type LastAccessedFaults } from './iam-last-accessed.ts';
import { handleJson11 } from './json11.ts';
import { handleQuery } from './query.ts';
import { handleS3 } from './s3.ts';
import type { Scenario } from './scenario.ts';
import { stateForCaller } from './accounts.ts';
import { handleTrailServices } from './trail-services.ts';

export interface Published {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, { DataType: string; StringValue?: string }>;
}

export interface StoredObject {
  body: Buffer;
  contentType?: string;
  lastModified: Date;
  etag: string;
}

/** Switches a test can flip. */
export interface Faults {
  /** LookupEvents above 2 requests per second answers ThrottlingException. Default on. */
  lookupEventsRateLimit: boolean;
  /** LookupEvents always answers ThrottlingException (a region whose CloudTrail is unusable). */
  lookupEventsUnavailable: boolean;
  /** Role names whose GetRolePolicy answers AccessDenied. */
  denyGetRolePolicy: Set<string>;
  /** `Service.Operation` (e.g. `SNS.Publish`) → number of next calls that answer 500 InternalError. */
  failNext: Map<string, number>;
  /**
   * Regions whose ECS and CloudTrail refuse the caller: `scp` answers AccessDenied (a
   * region-deny service control policy), `not-enabled` answers UnrecognizedClientException
   * (an opt-in region the account has not enabled), as AWS does.
   */
  refusedRegions: Map<string, 'scp' | 'not-enabled'>;
  /** IAM last-accessed jobs: duration, failures, throttling (see iam-last-accessed.ts). */
  lastAccessed: LastAccessedFaults;
  /** Access Analyzer answers by a text in the policy checked; the first match wins, else PASS (see access-analyzer.ts). */
  accessAnalyzer: AccessAnalyzerRule[];
}

export interface SandboxState {
  scenario: Scenario;
  /** The sandbox's one clock, virtual (see clock.ts): events, LookupEvents' rate, call times. */
  clock: VirtualClock;
  /** The clock's time: events after it have not "arrived" yet. Setting it moves the clock. */
  now: number;
  faults: Faults;
  published: Published[];
  buckets: Map<string, Map<string, StoredObject>>;
  /** The region each bucket lives in (default: the scenario's). */
  bucketRegions: Map<string, string>;
  s3Writes: { bucket: string; key: string; bytes: number }[];
  /** Every call, as `Service.Operation`, at the clock's time, for tests that count requests. */
  calls: { op: string; at: number }[];
  /** Page size of list operations, small so that every test paginates. */
  pageSize: number;
  /**
   * Real milliseconds every request waits before it is answered (default 0): a network
   * round trip, for measurements (`npm run bench:stack`). Tests leave it at 0.
   */
  latencyMs: number;
}

export interface Sandbox {
  url: string;
  state: SandboxState;
  /** The sandbox's clock: give it to a RateLimiter so that pacing waits in the sandbox's time. */
  clock: VirtualClock;
  /** Move the clock forward; events up to the new time become visible. */
  advance(ms: number): void;
  /** Environment for code under test: endpoint, region and dummy credentials. */
  env(): Record<string, string>;
  /** A bucket in `region` (default: the scenario's region). */
  createBucket(name: string, region?: string): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Where the clock starts. Default: the machine's time. */
  now?: number;
  /**
   * The sandbox's clock. Default: a virtual clock from `now` that moves only when told or
   * waited on; give a `runningClock` when the client under test paces on the system clock.
   */
  clock?: VirtualClock;
  pageSize?: number;
  /** Buckets to create, in the scenario's region. */
  buckets?: string[];
  /** See `SandboxState.latencyMs`. */
  latencyMs?: number;
}

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra response headers (S3's `x-amz-bucket-region` on a redirect). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * ECS and CloudTrail in a refused region answer as AWS does: AccessDenied under a
 * region-deny SCP, UnrecognizedClientException in an opt-in region that is not enabled.
 */
export function checkRegionOpen(state: SandboxState, region: string, action: string): void {
  const refused = state.faults.refusedRegions.get(region);
  if (refused === 'scp') {
    throw new AwsError('AccessDeniedException', `User: arn:aws:sts::${state.scenario.accountId}:assumed-role/policy-drift/x is not authorized to perform: ${action} with an explicit deny in a service control policy`);
  }
  if (refused === 'not-enabled') throw new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Start a sandbox seeded with `scenario`. */
export async function startSandbox(scenario: Scenario, options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? new VirtualClock(options.now ?? Date.now());
  const state: SandboxState = {
    scenario,
    clock,
    get now() {
      return clock.now();
    },
    set now(t: number) {
      clock.set(t);
    },
    faults: {
      lookupEventsRateLimit: true,
      lookupEventsUnavailable: false,
      denyGetRolePolicy: new Set(),
      failNext: new Map(),
      refusedRegions: new Map(),
      lastAccessed: defaultLastAccessedFaults(),
      accessAnalyzer: [],
    },
    published: [],
    buckets: new Map((options.buckets ?? []).map((b) => [b, new Map()])),
    bucketRegions: new Map((options.buckets ?? []).map((b) => [b, scenario.region])),
    s3Writes: [],
    calls: [],
    pageSize: options.pageSize ?? 2,
    latencyMs: options.latencyMs ?? 0,
  };

  const server: Server = createServer((req, res) => {
    void route(state, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    state,
    clock,
    advance: (ms) => clock.advance(ms),
    env: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_REGION: scenario.region,
      AWS_ACCESS_KEY_ID: 'AKIASANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      AWS_SESSION_TOKEN: '',
    }),
    createBucket: (name, region = scenario.region) => {
      if (!state.buckets.has(name)) state.buckets.set(name, new Map());
      state.bucketRegions.set(name, region);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The region a SigV4 request is signed for: `Credential=AKID/20261112/eu-west-1/s3/aws4_request`. */
export function signedRegion(authorization: string | undefined, fallback: string): string {
  return /Credential=[^/,]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? '')?.[1] ?? fallback;
}

async function route(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const target = req.headers['x-amz-target'];
  const contentType = String(req.headers['content-type'] ?? '');
  const kind = typeof target === 'string' ? 'json' : contentType.startsWith('application/x-www-form-urlencoded') ? 'query' : 's3';
  // A network round trip, in real time (measurements only; the virtual clock does not move).
  if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
  try {
    if (!req.headers.authorization) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    const region = signedRegion(req.headers.authorization, state.scenario.region);
    // Trail mode: the caller's account (credentials from STS AssumeRole), and SQS, Organizations, STS.
    const caller = stateForCaller(state, req.headers.authorization);
    if (handleTrailServices(caller, target, body, req, res)) return;
    // Access Analyzer speaks REST-JSON: no target header, a JSON body, its own paths.
    if (kind === 's3' && isAccessAnalyzerRequest(req)) await handleAccessAnalyzer(caller, req, body, res);
    else if (kind === 'json') await handleJson11(caller, String(target), body, res, region);
    else if (kind === 'query') await handleQuery(caller, body, res, region);
    else await handleS3(caller, req, body, res, region);
  } catch (e) {
    const err = e instanceof AwsError ? e : new AwsError('InternalError', (e as Error).message, 500);
    writeError(kind === 's3' && isAccessAnalyzerRequest(req) ? 'json' : kind, err, res);
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function writeError(kind: 'json' | 'query' | 's3', err: AwsError, res: ServerResponse): void {
  const requestId = `sandbox-${Math.random().toString(16).slice(2)}`;
  if (kind === 'json') {
    res.writeHead(err.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code });
    res.end(JSON.stringify({ __type: err.code, message: err.message }));
  } else if (kind === 'query') {
    res.writeHead(err.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(
      `<ErrorResponse><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  } else {
    res.writeHead(err.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId, ...err.headers });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message><RequestId>${requestId}</RequestId></Error>`);
  }
}

/** Count a call and apply the `failNext` fault for it. */
export function enter(state: SandboxState, op: string): void {
  state.calls.push({ op, at: state.clock.now() });
  const n = state.faults.failNext.get(op) ?? 0;
  if (n > 0) {
    state.faults.failNext.set(op, n - 1);
    throw new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  }
}

export { xmlEscape };
