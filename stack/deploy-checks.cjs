'use strict';
/**
 * policy-drift's own Serverless Framework plugin, loaded by osls (v3 line) and by v4:
 *
 * 1. Lets one serverless.yml serve both. v4 refuses the serverless-esbuild plugin unless
 *    `build.esbuild: false` turns its built-in esbuild off (PLUGIN_TYPESCRIPT_CONFLICT);
 *    osls validates the configuration strictly and knows no top-level `build`. This plugin
 *    declares `build` to osls's schema (v4 already has it: left alone).
 * 2. Refuses, before anything is packaged or deployed, the parameter combinations that
 *    cannot work, with what to do instead (see `deployProblems`).
 *
 * Plain CommonJS on purpose: the deploying machine's Node runs it as is, under either CLI.
 */

const { trailProblems } = require('./trail-checks.cjs');

const SNS_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
/** A crashed collect run's lease outlives its timeout by this much (stack/collect.ts, LEASE_MARGIN_MS). */
const LEASE_MARGIN_SECONDS = 60;

/** Period of a `rate(...)` schedule in seconds; undefined for a cron expression. */
function ratePeriodSeconds(schedule) {
  const m = RATE.exec(String(schedule).trim());
  if (!m) return undefined;
  const unit = m[2].startsWith('minute') ? 60 : m[2].startsWith('hour') ? 3600 : 86400;
  return Number(m[1]) * unit;
}

/**
 * What cannot work with these parameters, one sentence each (empty: deployable).
 * @param {{ region: string, existingTopicArn?: string, topicKmsKeyArn?: string, alertEmail?: string,
 *   windowDays: string|number, aggregateExpiryDays: string|number, collectSchedule: string, collectTimeoutSeconds: string|number }} p
 * @returns {string[]}
 */
function deployProblems(p) {
  const problems = [];
  const topic = p.existingTopicArn ? SNS_ARN.exec(p.existingTopicArn) : null;
  if (p.existingTopicArn && !topic) problems.push(`existingTopicArn "${p.existingTopicArn}" is not an SNS topic ARN`);
  if (topic && topic[1] !== p.region) {
    problems.push(
      `existingTopicArn is in ${topic[1]} but the stack deploys to ${p.region}: CloudWatch alarms can only notify a topic in their own region. ` +
        `Deploy the stack to ${topic[1]} (regions= still chooses where ECS and CloudTrail are read), or leave existingTopicArn empty to create a topic in ${p.region}.`,
    );
  }
  if (p.topicKmsKeyArn) {
    const key = KMS_KEY_ARN.exec(p.topicKmsKeyArn);
    if (!p.existingTopicArn) problems.push('topicKmsKeyArn is the key of an existing encrypted topic: set existingTopicArn too (the topic this stack creates is not KMS-encrypted)');
    if (!key) problems.push(`topicKmsKeyArn "${p.topicKmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; an alias cannot scope an IAM policy)`);
    else if (topic && key[1] !== topic[1]) problems.push(`topicKmsKeyArn is in ${key[1]} but the topic is in ${topic[1]}: a topic is encrypted with a key of its own region`);
  }
  const windowDays = Number(p.windowDays);
  const expiry = Number(p.aggregateExpiryDays);
  if (!(windowDays >= 1) || !(expiry > windowDays)) {
    problems.push(`windowDays (${p.windowDays}) must be at least 1 and shorter than aggregateExpiryDays (${p.aggregateExpiryDays}): the weekly report would read aggregates the bucket has already expired`);
  }
  const timeout = Number(p.collectTimeoutSeconds);
  const period = ratePeriodSeconds(p.collectSchedule);
  if (!(timeout >= 60 && timeout <= 900)) problems.push(`collectTimeoutSeconds (${p.collectTimeoutSeconds}) must be from 60 to 900`);
  else if (period !== undefined && timeout + LEASE_MARGIN_SECONDS >= period) {
    problems.push(
      `collectTimeoutSeconds (${timeout}) plus the lease margin (${LEASE_MARGIN_SECONDS} s) must be shorter than the collect schedule (${p.collectSchedule}): ` +
        'runs would overlap, and a crashed run would still hold the lease at the next tick',
    );
  }
  problems.push(...trailProblems(p));
  return problems;
}

class PolicyDriftDeployChecks {
  constructor(serverless) {
    this.serverless = serverless;
    const schema = serverless.configSchemaHandler;
    if (schema && typeof schema.defineTopLevelProperty === 'function') {
      try {
        schema.defineTopLevelProperty('build', { type: 'object', properties: { esbuild: { anyOf: [{ type: 'boolean' }, { type: 'object' }] } } });
      } catch (e) {
        // v4 defines `build` itself.
        if (!e || e.code !== 'SCHEMA_COLLISION') throw e;
      }
    }
    this.hooks = { 'before:package:initialize': () => this.check() };
  }

  check() {
    const p = (this.serverless.service.custom && this.serverless.service.custom.policyDrift) || {};
    const problems = deployProblems(p);
    if (problems.length === 0) return;
    const Err = this.serverless.classes && this.serverless.classes.Error ? this.serverless.classes.Error : Error;
    throw new Err(`policy-drift cannot be deployed with these parameters:\n  - ${problems.join('\n  - ')}`);
  }
}

module.exports = PolicyDriftDeployChecks;
module.exports.deployProblems = deployProblems;
module.exports.ratePeriodSeconds = ratePeriodSeconds;
