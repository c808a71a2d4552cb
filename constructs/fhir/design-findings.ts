import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AuditedFhirStore } from './audited-fhir-store';

/** A pack finding that the FHIR store raises by design, with where it is raised and why it is accepted. */
export interface FhirDesignFinding {
  /** The construct to acknowledge it on. */
  readonly scope: IConstruct;
  /** The exact reported rule id (granular ids included). */
  readonly ruleId: string;
  /** Why the finding is accepted: feed it to the acknowledgement helper with an approver and expiry. */
  readonly reason: string;
}

/**
 * The AwsSolutions, HIPAA and NIST findings `fhir` raises by design, each with its reason,
 * for a trust to acknowledge (with its own approver and expiry) rather than rediscover.
 */
export function fhirDesignFindings(fhir: AuditedFhirStore): FhirDesignFinding[] {
  const stack = Stack.of(fhir);
  const bucketArn = stack.resolve(fhir.archiveBucketArn) as unknown;
  const getAtt = (bucketArn as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt'];
  const bucketToken = getAtt ? `<${getAtt[0]}.Arn>` : String(bucketArn);
  const stage = fhir.api.deploymentStage;
  const findings: FhirDesignFinding[] = [
    { scope: fhir.api, ruleId: 'AwsSolutions-COG4', reason: 'Callers are NHS staff with CIS2 (or Cognito) tokens verified by the gateway\'s Lambda authoriser (JWKS signature, issuer, audience, expiry, role policy); a Cognito user pool authoriser cannot verify CIS2 tokens or apply the FHIR role policy.' },
    { scope: stage, ruleId: 'HIPAA.Security-APIGWCacheEnabledAndEncrypted', reason: 'Caching is off on purpose: every request is authorised and audited individually, and patient data must not sit in an API Gateway cache.' },
    { scope: stage, ruleId: 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', reason: 'Caching is off on purpose: every request is authorised and audited individually, and patient data must not sit in an API Gateway cache.' },
    { scope: stage, ruleId: 'HIPAA.Security-APIGWSSLEnabled', reason: 'The only integration is a Lambda proxy (no HTTP backend), so a backend client certificate has nothing to authenticate; HealthLake is called with SigV4 over TLS.' },
    { scope: stage, ruleId: 'NIST.800.53.R5-APIGWSSLEnabled', reason: 'The only integration is a Lambda proxy (no HTTP backend), so a backend client certificate has nothing to authenticate; HealthLake is called with SigV4 over TLS.' },
  ];
  for (const fn of [fhir.authoriserFunction, fhir.proxyFunction]) {
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      findings.push({ scope: fn, ruleId: `${pack}-LambdaDLQ`, reason: 'Invoked synchronously by API Gateway: a dead-letter queue only applies to asynchronous invocations; failures are answered to the caller and logged.' });
    }
  }
  for (const policy of [fhir.authoriserPolicy, fhir.proxyPolicy]) {
    findings.push({ scope: policy, ruleId: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.' });
  }
  if (fhir.inVpc) {
    for (const role of [fhir.authoriserRole, fhir.proxyRole]) {
      findings.push({
        scope: role,
        ruleId: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'Lambda ENI management (ec2:CreateNetworkInterface and friends) supports no resource-level permissions; AWS\'s managed policy is the documented grant.',
      });
    }
  }
  for (const prefix of ['fhir-audit', 'fhir-audit-errors']) {
    findings.push({
      scope: fhir.archiveDeliveryPolicy,
      ruleId: `AwsSolutions-IAM5[Resource::${bucketToken}/${prefix}/*]`,
      reason: `Firehose writes objects it names itself under the ${prefix}/ prefix of the archive; the wildcard is limited to that prefix.`,
    });
  }
  return findings;
}
