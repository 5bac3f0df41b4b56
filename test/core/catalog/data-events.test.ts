import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { DATA_EVENT_SERVICES, dataPlaneStatus, looksDataPlane } from '../../../core/catalog/data-events.ts';
import { isDataPlaneAction, observabilityOf } from '../../../core/catalog/observability.ts';
import { serviceOf } from '../../../core/catalog/service-of.ts';
import { requiredActions } from '../../../core/mapping/required-actions.ts';
import { kindOfUnlabelledEvent } from '../../../core/trail/event-category.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const none = new Set<string>();

describe('the table of data events (CloudTrail User Guide, data event resource types)', () => {
  it('makes the data-plane actions of a management-only input not observable, with the reason', () => {
    // Each checked against its service's CloudTrail page (cited in core/catalog/data-events.ts).
    const dataPlane = [
      'sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream', 'appconfig:GetLatestConfiguration', 'appconfig:StartConfigurationSession',
      'servicediscovery:DiscoverInstances', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'ebs:GetSnapshotBlock', 'ebs:PutSnapshotBlock',
      'ebs:ListChangedBlocks', 'timestream:WriteRecords', 'timestream:Select', 'cognito-identity:GetCredentialsForIdentity', 'xray:GetSamplingRules',
      'xray:GetSamplingTargets', 'rds-data:ExecuteStatement', 'ses:SendEmail', 'states:SendTaskSuccess', 'firehose:PutRecordBatch', 'kinesis:PutRecords',
    ];
    for (const a of dataPlane) {
      expect(cat.lookup(a)?.action).toBe(a);
      expect([a, observabilityOf(a, none)]).toEqual([a, expect.objectContaining({ observable: false, reason: 'no-data-events' })]);
      expect(observabilityOf(a, new Set([serviceOf(a)]))).toEqual({ observable: true });
    }
  });

  it('keeps the management side of those services observable', () => {
    for (const a of ['sagemaker:CreateEndpoint', 'appconfig:GetConfigurationProfile', 'servicediscovery:RegisterInstance', 'cloudwatch:PutMetricAlarm', 'ebs:StartSnapshot', 'timestream:CreateTable', 'cognito-identity:CreateIdentityPool', 'xray:CreateGroup', 'ses:CreateEmailIdentity', 'ssm:GetParameters', 'ecs:RunTask', 'bedrock:InvokeModel']) {
      expect([a, observabilityOf(a, none)]).toEqual([a, { observable: true }]);
    }
  });

  it('treats the unlisted actions of a service with data events by the data-plane-looking rule', () => {
    expect(dataPlaneStatus('verifiedpermissions:IsAuthorized')).toBe('by-rule');
    expect(dataPlaneStatus('verifiedpermissions:CreatePolicyStore')).toBe('management');
    expect(dataPlaneStatus('verifiedpermissions:ListPolicyStores')).toBe('management');
    expect(dataPlaneStatus('verifiedpermissions:GetSchema')).toBe('by-rule');
    expect(dataPlaneStatus('xray:GetSamplingRules')).toBe('by-rule');
    expect(dataPlaneStatus('s3:GetObject')).toBe('listed');
    expect(dataPlaneStatus('ec2:RunInstances')).toBe('management');
    // The detail says which: a listed data event, or one the rule only guesses may be.
    expect(observabilityOf('verifiedpermissions:IsAuthorized', none).detail).toBe('may be a data event (verifiedpermissions records data events, and this action is not known to be a management event); the input holds no verifiedpermissions data events');
    expect(observabilityOf('s3:GetObject', none).detail).toBe('data event; the input holds no s3 data events');
    expect(looksDataPlane('putresourcepolicy')).toBe(false);
    expect(looksDataPlane('listtagsforresource')).toBe(false);
    expect(looksDataPlane('sendmessage')).toBe(true);
  });

  it('names services the catalog knows, and actions the catalog knows', () => {
    for (const [service, entry] of DATA_EVENT_SERVICES) {
      expect([service, cat.hasService(service)]).toEqual([service, true]);
      expect(entry.resourceTypes.every((t) => /^AWS::\w+::\w+$/.test(t))).toBe(true);
      if (Array.isArray(entry.actions)) for (const a of entry.actions) expect(cat.lookup(`${service}:${a}`)?.action.toLowerCase()).toBe(`${service}:${a}`);
    }
  });

  it('serves both readers: every event it lists needs data-plane actions only, and is a data event when a record does not say', () => {
    let checked = 0;
    for (const [service, entry] of DATA_EVENT_SERVICES) {
      if (!Array.isArray(entry.events)) continue;
      for (const name of entry.events) {
        expect([service, name, kindOfUnlabelledEvent(service, name)]).toEqual([service, name, entry.movedFromManagement?.includes(name) ? 'unknown' : 'data']);
        const m = requiredActions(cat, `${service}.amazonaws.com`, name, { statement: 'SELECT * FROM t', QueryString: 'SELECT a FROM t' });
        if (m.kind !== 'mapped') continue;
        for (const a of m.actions) expect([service, name, a.action, isDataPlaneAction(a.action)]).toEqual([service, name, a.action, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
    // SQS, SNS, Kinesis, Firehose and Step Functions were in only one of the two former tables.
    for (const [s, n] of [['sqs', 'SendMessageBatch'], ['sns', 'Publish'], ['kinesis', 'PutRecord'], ['firehose', 'PutRecordBatch'], ['states', 'SendTaskSuccess']]) {
      expect(kindOfUnlabelledEvent(s!, n!)).toBe('data');
    }
  });
});

describe('serviceOf', () => {
  it('is the lower-case prefix of an action', () => {
    expect(serviceOf('S3:GetObject')).toBe('s3');
    expect(serviceOf('cognito-identity:GetId')).toBe('cognito-identity');
    expect(serviceOf('s3')).toBe('s3');
  });
});
