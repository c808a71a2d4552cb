import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditedFhirStore, auditedFhirStoreProblems, type AuditedFhirStoreSettingsInput } from '../../../constructs/fhir';
import { LAMBDA_ENVIRONMENT_LIMIT_BYTES, authoriserEnvironment, environmentBytes, proxyEnvironment } from '../../../constructs/fhir/gateway-environment';
import type { EmergencyAccess } from '../../../constructs/fhir/runtime/emergency-access';
import { MAX_EMERGENCY_ACCESS_JSON_LENGTH } from '../../../constructs/fhir/runtime/emergency-access';
import { MAX_ROLE_POLICY_JSON_LENGTH, type RolePolicy } from '../../../constructs/fhir/runtime/role-policy';
import { TrustConfigSchema } from '../../../lib/config/schema';

/*
 * The gateway functions' environments against Lambda's 4 KB, measured as Lambda measures it (the
 * variables as JSON, so every quote in the role policy and emergency access counts twice). The
 * role policy and emergency access each have their own limit; this is about both near it at once
 * beside a real CIS2 issuer and partner organisations.
 */

const CIS2_ISSUER = 'https://am.nhsidentity.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';
/** A deploy-time audit log group name as CloudFormation generates it for the example trust, and a HealthLake endpoint. */
const LOG_GROUP = 'Rootstock-RXX-prod-FhirGatewayAuditLogA1B2C3D4-AbCdEfGhIjKl';
const ENDPOINT = 'https://healthlake.eu-west-2.amazonaws.com/datastore/0123456789abcdef0123456789abcdef/r4/';

/** Thirty clinical roles (each under the role policy limit alone), and emergency access for all of them to four more types. */
function nearTheLimits(): { rolePolicy: RolePolicy; emergencyAccess: EmergencyAccess } {
  const rolePolicy: Record<string, RolePolicy[string]> = {};
  for (let i = 0; JSON.stringify(rolePolicy).length < 2400; i++) rolePolicy[`R80${String(i).padStart(2, '0')}`] = { Patient: ['read', 'search-type'], Observation: ['read', 'search-type', 'create'] };
  const emergencyAccess: EmergencyAccess = {
    roles: Object.keys(rolePolicy),
    grant: { Condition: ['read', 'search-type', 'vread'], Encounter: ['read', 'search-type', 'vread'], AllergyIntolerance: ['read', 'search-type', 'vread'], MedicationStatement: ['read', 'search-type', 'vread'], '*': ['history-instance'] },
    windowMinutes: 30,
    reasonCodes: ['ETREAT', 'BTG', 'ERTREAT'],
  };
  return { rolePolicy, emergencyAccess };
}

const settings = (extra: Partial<AuditedFhirStoreSettingsInput> = {}): AuditedFhirStoreSettingsInput => ({
  odsCode: 'RXX', environment: 'prod', storeLock: 'unreleased', allowedOrganisations: ['RA7', 'RHA', 'RJ1'],
  tokenIssuer: { issuer: CIS2_ISSUER, jwksUri: `${CIS2_ISSUER}/connect/jwk_uri`, audience: '123456789012.apps.national', roleClaim: 'cis2' },
  ...nearTheLimits(),
  ...extra,
});

describe("the gateway functions' environments fit Lambda's 4 KB", () => {
  test('GIVEN a role policy and emergency access each under its own limit, with a CIS2 issuer WHEN judged THEN refused at emergencyAccess, because the authoriser environment would not deploy', () => {
    const s = settings();
    // GIVEN each part is under its own limit
    expect(JSON.stringify(s.rolePolicy).length).toBeLessThan(MAX_ROLE_POLICY_JSON_LENGTH);
    expect(JSON.stringify(s.emergencyAccess).length).toBeLessThan(MAX_EMERGENCY_ACCESS_JSON_LENGTH);
    // AND the authoriser's environment, with a real deploy-time log group name, is over Lambda's limit as Lambda measures it
    expect(environmentBytes(authoriserEnvironment(s, LOG_GROUP))).toBeGreaterThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    // THEN the settings check refuses it, naming the sizes and the fix
    const problems = auditedFhirStoreProblems(s);
    expect(problems.map((p) => p.field)).toEqual(['emergencyAccess']);
    expect(problems[0].message).toMatch(/authoriser function's environment \d{4} bytes as Lambda measures it .*the role policy \d+, emergency access \d+\), more than Lambda's 4096, and the deploy would fail: grant shared types with '\*'/);
  });

  test('GIVEN the same config in a trust file WHEN validated THEN the schema reports fhir.emergencyAccess (validate and synth refuse it alike)', () => {
    const s = settings();
    const config = {
      odsCode: 'RXX', name: 'Example NHS Trust', environment: 'prod',
      fhir: { enabled: true, tokenIssuer: s.tokenIssuer, rolePolicy: s.rolePolicy, storeLock: 'unreleased', allowedOrganisations: s.allowedOrganisations, emergencyAccess: s.emergencyAccess },
    };
    const parsed = TrustConfigSchema.safeParse(config);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['fhir.emergencyAccess']);
    // AND without emergency access the same trust is valid: the role policy alone fits
    expect(TrustConfigSchema.safeParse({ ...config, fhir: { ...config.fhir, emergencyAccess: undefined } }).success).toBe(true);
  });

  test('GIVEN a store that passes the check WHEN synthesised THEN each function carries exactly the environment the check measured', () => {
    const { rolePolicy, emergencyAccess } = nearTheLimits();
    const s = settings({ rolePolicy, emergencyAccess: { ...emergencyAccess, roles: emergencyAccess.roles.slice(0, 3) } });
    expect(auditedFhirStoreProblems(s)).toEqual([]);
    const stack = new Stack(new App(), 'Rootstock-RXX-prod', { env: { account: '111122223333', region: 'eu-west-2' } });
    const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const store = new AuditedFhirStore(stack, 'Fhir', {
      ...s, dataKey: new kms.Key(stack, 'DataKey', { enableKeyRotation: true }), logsKey,
      archiveBucket: new s3.Bucket(stack, 'Archive', { objectLockEnabled: true, encryptionKey: logsKey }),
    });
    const template = Template.fromStack(stack);
    const envs = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>).map((f) => f.Properties.Environment.Variables);
    const envOf = (key: string) => envs.filter((v) => key in v);
    const logGroup = stack.resolve(store.gateway.auditLogGroup.logGroupName);
    const endpoint = stack.resolve(store.dataStore.store.attrDatastoreEndpoint);
    expect(envOf('FHIR_TOKEN_ISSUER')).toEqual([authoriserEnvironment(s, logGroup)]);
    expect(envOf('FHIR_HEALTHLAKE_ENDPOINT')).toEqual([proxyEnvironment(s, logGroup, endpoint)]);
    // AND with real deploy-time values both fit
    expect(environmentBytes(authoriserEnvironment(s, LOG_GROUP))).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    expect(environmentBytes(proxyEnvironment(s, LOG_GROUP, ENDPOINT))).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
  });
});
