import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CfnResource } from 'aws-cdk-lib';
import { AuditedFhirStore, type AuditedFhirStoreProps } from '../../../constructs/fhir';

// Real keys and a real Object Lock bucket stand where the foundations' KeyRing and
// AuditLogArchive will be wired in by TrustStack.
function build(overrides: Partial<AuditedFhirStoreProps> = {}, env: 'dev' | 'test' | 'prod' = 'prod') {
  const app = new App();
  const stack = new Stack(app, 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
  const dataKey = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
  const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  const archiveBucket = new s3.Bucket(stack, 'Archive', { objectLockEnabled: true, encryptionKey: logsKey, encryption: s3.BucketEncryption.KMS });
  const fhir = new AuditedFhirStore(stack, 'Fhir', {
    odsCode: 'RXX',
    environment: env,
    dataKey,
    logsKey,
    archiveBucket,
    tokenIssuer: { issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc', audience: 'client-1', roleClaim: 'cognito' },
    rolePolicy: { clinicians: { Patient: ['read', 'search-type'] } },
    storeLock: 'unreleased',
    ...overrides,
  });
  return { app, stack, fhir };
}

const RELEASED = {
  DatastoreName: 'rxx-prod-fhir',
  DatastoreTypeVersion: 'R4',
  SseConfiguration: 'CUSTOMER_MANAGED_KMS_KEY DataKey17AFBB84.Arn',
  PreloadDataConfig: 'NONE',
  IdentityProviderConfiguration: 'AWS_AUTH',
};

describe('AuditedFhirStore', () => {
  let template: Template;
  let stack: Stack;
  let fhir: AuditedFhirStore;
  beforeAll(() => {
    ({ stack, fhir } = build({ storeLock: RELEASED, wafWebAclArn: 'arn:aws:wafv2:eu-west-2:111122223333:regional/webacl/fhir/abc' }));
    template = Template.fromStack(stack);
  });

  test('the data store is HealthLake R4, encrypted with the data key, AWS_AUTH, retained on delete and replace', () => {
    template.hasResource('AWS::HealthLake::FHIRDatastore', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        DatastoreName: 'rxx-prod-fhir',
        DatastoreTypeVersion: 'R4',
        SseConfiguration: { KmsEncryptionConfig: { CmkType: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': ['DataKey17AFBB84', 'Arn'] } } },
        IdentityProviderConfiguration: { AuthorizationStrategy: 'AWS_AUTH' },
        PreloadDataConfig: Match.absent(),
      },
    });
    expect(fhir.storeIdentity).toEqual(RELEASED);
  });

  test('every log group is KMS-encrypted with the logs key, has a retention and is retained', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups)).toHaveLength(5); // audit, authoriser, proxy, access, archive delivery
    for (const g of Object.values(groups)) {
      expect(g.DeletionPolicy).toBe('Retain');
      expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] });
      expect(g.Properties.RetentionInDays).toBeGreaterThanOrEqual(400);
    }
    template.resourceCountIs('Custom::LogRetention', 0);
    // The audit log group keeps AuditEvents at least 8 years.
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 2922 });
  });

  test('the gateway is a regional REST API with access logging, tracing, throttling and a WAF association', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'fhir',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FhirAccessLog'), 'Arn'] }, Format: Match.anyValue() },
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, LoggingLevel: 'ERROR', DataTraceEnabled: false })],
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: 'arn:aws:wafv2:eu-west-2:111122223333:regional/webacl/fhir/abc' });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0); // the trust's own ACL replaces the default one
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true });
  });

  test('every method goes through the uncached REQUEST authoriser', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', AuthorizerResultTtlInSeconds: 0, IdentitySource: Match.absent() });
    const methods = template.findResources('AWS::ApiGateway::Method');
    expect(Object.keys(methods).length).toBeGreaterThanOrEqual(5);
    for (const m of Object.values(methods)) expect(m.Properties.AuthorizationType).toBe('CUSTOM');
  });

  test('the authoriser and proxy run Node.js 20+ with a KMS-encrypted environment and their own log groups', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(fns)).toHaveLength(2);
    for (const f of Object.values(fns)) {
      expect(f.Properties.Runtime).toMatch(/^nodejs(2[0-9]|[3-9][0-9])\.x$/);
      expect(f.Properties.KmsKeyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
      expect(f.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/^Fhir(Authoriser|Proxy)Log/) });
      expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(f.Properties.ReservedConcurrentExecutions).toBe(25);
    }
    // Function roles carry no managed policy: logs are granted on their own log groups only.
    for (const r of Object.values(template.findResources('AWS::IAM::Role'))) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('the proxy may call HealthLake only on this data store, through managed (not inline) policies', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const healthlake = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('healthlake:')));
    // The proxy's data-plane statement and the export schedule's StartFHIRExportJob, each on this store only.
    expect(healthlake.map((s) => [s.Action].flat().join(','))).toEqual([expect.stringContaining('healthlake:ReadResource'), 'healthlake:StartFHIRExportJob']);
    for (const h of healthlake) {
      expect(h.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FhirStore/), 'DatastoreArn'] });
      expect([h.Action].flat()).not.toContain('healthlake:*');
    }
  });

  test('AuditEvents stream to the archive through Firehose, partitioned by the recorded day and hour (never by caller input), with no Lambda', () => {
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('FhirAuditLog') },
      DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('FhirArchiveDelivery'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'fhir-audit/date=!{partitionKeyFromQuery:date}/hour=!{partitionKeyFromQuery:hour}/',
        DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } } },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            Match.objectLike({ Type: 'Decompression' }),
            Match.objectLike({ Type: 'CloudWatchLogProcessing' }),
            { Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{date: (.recorded[0:10]), hour: (.recorded[11:13])}' }, { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' }] },
            Match.objectLike({ Type: 'AppendDelimiterToRecord' }),
          ],
        },
      }),
    });
    template.resourceCountIs('AWS::CloudFormation::CustomResource', 0);
  });

  test('records the store identity in the template metadata', () => {
    const stores = template.findResources('AWS::HealthLake::FHIRDatastore');
    expect(Object.values(stores)[0].Metadata['Rootstock::StoreIdentity']).toEqual(fhir.storeIdentity);
  });

  test.each([
    ['DatastoreName', { datastoreName: 'rxx-prod-fhir-2' }],
    ['PreloadDataConfig', { preloadSynthea: true }],
  ] as const)('fails when %s changes from the released store', (property, change) => {
    const env = property === 'PreloadDataConfig' ? 'test' : 'prod';
    const lock = { ...RELEASED, DatastoreName: `rxx-${env}-fhir` };
    expect(() => build({ storeLock: lock, ...change }, env)).toThrow(new RegExp(`'storeLock' names a different store: ${property} is .*write storeLock: unreleased.*put ${property} back.*replace the HealthLake data store and delete every record`));
  });

  test('fails when the encryption key changes from the released store (SseConfiguration)', () => {
    expect(() => build({ storeLock: { ...RELEASED, SseConfiguration: 'CUSTOMER_MANAGED_KMS_KEY OldDataKey1234.Arn' } })).toThrow(/SseConfiguration is 'CUSTOMER_MANAGED_KMS_KEY OldDataKey1234.Arn' in storeLock but 'CUSTOMER_MANAGED_KMS_KEY DataKey17AFBB84.Arn'/);
  });

  test('allows a replacement only when allowReplacement names the property with a reason, and warns', () => {
    const lock = RELEASED;
    const { stack: s } = build({ storeLock: lock, datastoreName: 'rxx-prod-fhir-2', allowReplacement: [{ property: 'DatastoreName', reason: 'Exported to S3 (CHG-123) and re-imported after the rename' }] });
    Annotations.fromStack(s).hasWarning('*', Match.stringLikeRegexp('Replacement of the FHIR data store through DatastoreName is allowed'));
    expect(() => build({ storeLock: lock, datastoreName: 'x-2', allowReplacement: [{ property: 'PreloadDataConfig', reason: 'a reason that names the wrong property' }] })).toThrow(/names a different store: DatastoreName/);
    expect(() => build({ storeLock: lock, datastoreName: 'x-2', allowReplacement: [{ property: 'DatastoreName', reason: '' }] })).toThrow(/needs a reason/);
  });

  test('fails at synth when an escape hatch overrides a replacement-causing property', () => {
    const { app, fhir: f } = build({ storeLock: 'unreleased' });
    f.store.addPropertyOverride('DatastoreTypeVersion', 'R5');
    expect(() => app.synth()).toThrow(/DatastoreTypeVersion of the FHIR data store was changed by an escape-hatch override/);
  });

  test('fails at synth when an escape hatch drops the Retain policies', () => {
    const { app, fhir: f } = build();
    (f.store as CfnResource).addOverride('DeletionPolicy', 'Delete');
    expect(() => app.synth()).toThrow(/must keep DeletionPolicy and UpdateReplacePolicy Retain/);
  });

  test('fails when Synthea preload is asked for in prod', () => {
    expect(() => build({ preloadSynthea: true }, 'prod')).toThrow(/'preloadSynthea' must be false in a prod environment/);
  });

  test('preloads Synthea in test', () => {
    const { stack: s } = build({ preloadSynthea: true }, 'test');
    Template.fromStack(s).hasResourceProperties('AWS::HealthLake::FHIRDatastore', { PreloadDataConfig: { PreloadDataType: 'SYNTHEA' } });
  });

  test('warns in prod while the store is unlocked, naming the identity to commit', () => {
    const { stack: s } = build();
    Annotations.fromStack(s).hasWarning('*', Match.stringLikeRegexp('has no storeLock[\\s\\S]*storeLock:\\n    DatastoreName: rxx-prod-fhir'));
  });

  test('fails on a role policy with an unknown interaction, and on a symmetric algorithm', () => {
    expect(() => build({ rolePolicy: { clinicians: { Patient: ['read', 'erase' as 'read'] } } })).toThrow(/'erase' must be one of read, vread/);
    expect(() => build({ tokenIssuer: { issuer: 'https://issuer.example', audience: 'a', roleClaim: 'cis2', algorithms: ['HS256'] } })).toThrow(/asymmetric/);
  });

  test('associates its own web ACL of AWS managed rules and a per-IP rate limit when none is given', () => {
    const t = Template.fromStack(build().stack);
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] }) } }),
        Match.objectLike({ Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP' } } }),
      ]),
    });
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FhirWebAcl'), 'Arn'] } });
    // WAF logs are kept, encrypted, and never hold bearer tokens.
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { LogGroupName: 'aws-waf-logs-RXX-prod-fhir-gateway', KmsKeyId: Match.anyValue() } });
  });

  test('uses a TLS 1.2 custom domain when one is given', () => {
    const app = new App();
    const s = new Stack(app, 'D', { env: { account: '111122223333', region: 'eu-west-2' } });
    const acm = require('aws-cdk-lib/aws-certificatemanager') as typeof import('aws-cdk-lib/aws-certificatemanager');
    const key = new kms.Key(s, 'K', { enableKeyRotation: true });
    new AuditedFhirStore(s, 'Fhir', {
      odsCode: 'RXX', environment: 'dev', dataKey: key, logsKey: key, archiveBucket: new s3.Bucket(s, 'B'),
      tokenIssuer: { issuer: 'https://issuer.example', audience: 'a', roleClaim: 'cis2' }, rolePolicy: { R8000: { '*': ['read'] } }, storeLock: 'unreleased',
      domain: { domainName: 'fhir.rxx.example.nhs.uk', certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:eu-west-2:111122223333:certificate/abc') },
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'TLS_1_2', EndpointConfiguration: { Types: ['REGIONAL'] } });
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  });
});
