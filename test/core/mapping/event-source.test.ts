import { describe, expect, it } from 'vitest';
import { serviceOfEventSource } from '../../../core/mapping/event-source.ts';

describe('eventSource host → IAM service prefix', () => {
  it.each([
    // iann0036/iam-dataset cloudtrail_service_mappings
    ['monitoring.amazonaws.com', 'cloudwatch'],
    ['tagging.amazonaws.com', 'tag'],
    ['rdsdata.amazonaws.com', 'rds-data'],
    ['amazonmq.amazonaws.com', 'mq'],
    ['servicecatalog-appregistry.amazonaws.com', 'servicecatalog'],
    ['pinpoint.amazonaws.com', 'mobiletargeting'],
    ['pricelist.amazonaws.com', 'pricing'],
    ['application-insights.amazonaws.com', 'applicationinsights'],
    ['migrationhub.amazonaws.com', 'mgh'],
    ['opensearchservice.amazonaws.com', 'es'],
    ['cloudcontrolapi.amazonaws.com', 'cloudformation'],
    ['qconnect.amazonaws.com', 'wisdom'],
    ['transcribestreaming.amazonaws.com', 'transcribe'],
    ['chime-sdk-voice.amazonaws.com', 'chime'],
    ['marketplacecatalog.amazonaws.com', 'aws-marketplace'],
    // hand exceptions (core/mapping/exceptions.ts, with their sources)
    ['email.amazonaws.com', 'ses'],
    ['api.ecr.amazonaws.com', 'ecr'],
    ['streams.dynamodb.amazonaws.com', 'dynamodb'],
    ['rdsdataapi.amazonaws.com', 'rds-data'],
  ])('%s → %s', (host, prefix) => {
    expect(serviceOfEventSource(host)).toBe(prefix);
  });

  it('takes any other host as its own prefix, whatever the case or partition suffix', () => {
    expect(serviceOfEventSource('s3.amazonaws.com')).toBe('s3');
    expect(serviceOfEventSource('Secretsmanager.amazonaws.com')).toBe('secretsmanager');
    expect(serviceOfEventSource('kms.amazonaws.com.cn')).toBe('kms');
    expect(serviceOfEventSource('bedrock.amazonaws.com')).toBe('bedrock');
  });

  it('does not guess a prefix from part of an unknown dotted host', () => {
    expect(serviceOfEventSource('data.example.amazonaws.com')).toBe('data.example');
  });
});
