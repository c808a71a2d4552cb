/**
 * A small hand-written stack with a known mix of resources, each carrying the construct path
 * the CDK would give it, for arithmetic checked by hand in arithmetic.test.ts.
 */
const at = (path: string) => ({ 'aws:cdk:path': `Small/${path}` });

export const SMALL_STACK_TEMPLATE = {
  Resources: {
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: {}, Metadata: at('Network/Vpc/PublicSubnet1/NATGateway') },
    Eip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' }, Metadata: at('Network/Vpc/PublicSubnet1/EIP') },
    KmsEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-2.kms', SubnetIds: ['a', 'b', 'c'] },
      Metadata: at('Network/Vpc/KmsEndpoint/Resource'),
    },
    S3Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.eu-west-2.s3' }, Metadata: at('Network/Vpc/S3Endpoint/Resource') },
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, Metadata: at('Keys/LogsKey/Resource') },
    Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 300 }, Metadata: at('SecurityAlarms/RootAlarm/Resource') },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {}, Metadata: at('Identity/Secret/Resource') },
    Logs: {
      Type: 'AWS::S3::Bucket',
      Properties: { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 730 }] } },
      Metadata: at('Logs/Bucket/Resource'),
    },
    Archive: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2922 } } },
        LifecycleConfiguration: {
          Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }, { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 }] }],
        },
      },
      Metadata: at('AuditArchive/Bucket/Resource'),
    },
    ProxyFn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Architectures: ['arm64'], MemorySize: 512, LoggingConfig: { LogGroup: { Ref: 'ProxyLog' } } },
      Metadata: at('Fhir/Proxy/Resource'),
    },
    ProxyLog: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 400 }, Metadata: at('Fhir/ProxyLog/Resource') },
    Role: { Type: 'AWS::IAM::Role', Properties: {}, Metadata: at('Fhir/Proxy/ServiceRole/Resource') },
  },
};
