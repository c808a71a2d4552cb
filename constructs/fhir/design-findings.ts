import { DesignFindings } from '../core/design-findings';
import type { AuditedFhirStore } from './audited-fhir-store';

const NO_CACHE = 'Caching is off on purpose: every request is authorised and audited individually, and patient data must not sit in an API Gateway cache.';
const NO_BACKEND_CERT = 'The only integration is a Lambda proxy (no HTTP backend), so a backend client certificate has nothing to authenticate; HealthLake is called with SigV4 over TLS.';
const SYNC_ONLY = 'Invoked synchronously by API Gateway: a dead-letter queue only applies to asynchronous invocations; failures are answered to the caller and logged.';

/**
 * Records the AwsSolutions, HIPAA, NIST and Control Tower findings the FHIR store raises by
 * design, each on the construct that raises it and with its reason (see DesignFindings).
 */
export function recordFhirDesignFindings(fhir: AuditedFhirStore): void {
  DesignFindings.of(fhir.api).add(
    'AwsSolutions-COG4',
    "Callers are NHS staff with CIS2 (or Cognito) tokens verified by the gateway's Lambda authoriser (JWKS signature, issuer, audience, expiry, role policy); a Cognito user pool authoriser cannot verify CIS2 tokens or apply the FHIR role policy.",
  );
  DesignFindings.of(fhir.api.deploymentStage)
    .addAll(['HIPAA.Security-APIGWCacheEnabledAndEncrypted', 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted'], NO_CACHE)
    .addAll(['HIPAA.Security-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled'], NO_BACKEND_CERT);
  for (const fn of [fhir.authoriserFunction, fhir.proxyFunction]) {
    DesignFindings.of(fn).addAll(['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'], SYNC_ONLY);
  }
  DesignFindings.of(fhir).add(
    'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
    "Each Lambda permission lets only this FHIR API (SourceArn of its execute-api stage) invoke the function; every request passes the gateway's token authoriser.",
  );
  for (const policy of [fhir.authoriserPolicy, fhir.proxyPolicy]) {
    DesignFindings.of(policy).add('AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.');
  }
  if (fhir.inVpc) {
    for (const role of [fhir.authoriserRole, fhir.proxyRole]) {
      DesignFindings.of(role).add(
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        "Lambda ENI management (ec2:CreateNetworkInterface and friends) supports no resource-level permissions; AWS's managed policy is the documented grant.",
      );
    }
  }
  for (const prefix of ['fhir-audit', 'fhir-audit-errors']) {
    DesignFindings.of(fhir.archiveDeliveryPolicy).add(
      `AwsSolutions-IAM5[Resource::${fhir.archiveBucket.arnForObjects(`${prefix}/*`)}]`,
      `Firehose writes objects it names itself under the ${prefix}/ prefix of the archive; the wildcard is limited to that prefix.`,
    );
  }
}
