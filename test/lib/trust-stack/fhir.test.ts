import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { loadTrustDir } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';
import { fhirProps, fhirSettings, trustDataKeyIdentity } from '../../../lib/trust-stack/fhir';
import { unacknowledgedFindings } from '../../../policies/acknowledge';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';

describe('the FHIR mapper', () => {
  const [example] = loadTrustDir(path.join(__dirname, '../../../trusts')).filter((t) => t.config.odsCode === 'RXX');
  const stack = new TrustStack(new App(), 'Rootstock-RXX-prod', { trust: example.config });

  test('the data key identity validate uses is the one the synthesised store has', () => {
    // GIVEN the example trust built as TrustStack WHEN its store identity is read THEN validate's prediction matches it
    expect(stack.fhir!.storeIdentity.SseConfiguration).toBe(`CUSTOMER_MANAGED_KMS_KEY ${trustDataKeyIdentity()}`);
  });

  test('hands the store the trust\'s alarm topic, logs key, log retention and access logs bucket', () => {
    const props = fhirProps({ ...stack.config, fhir: stack.config.fhir! } as Parameters<typeof fhirProps>[0], stack.foundations);
    expect(props.alarmTopic).toBe(stack.alarms.topic);
    expect(props.logsKey).toBe(stack.keys.logsKey);
    expect(props.logRetentionDays).toBe(stack.config.logging.securityRetentionDays);
    expect(props.accessLogsBucket).toBe(stack.archive.accessLogsBucket);
  });

  test('maps each setting from its config field', () => {
    const mapped = fhirSettings({ ...stack.config, fhir: { ...stack.config.fhir!, allowedOrganisations: ['RHA'], export: { retentionDays: 90 } } } as Parameters<typeof fhirSettings>[0]);
    expect(mapped.settings).toMatchObject({ allowedOrganisations: ['RHA'], exportRetentionDays: 90, logRetentionDays: 400 });
    expect(mapped.sources).toMatchObject({ exportRetentionDays: ['fhir', 'export', 'retentionDays'], allowedOrganisations: ['fhir', 'allowedOrganisations'] });
  });

  test('maps emergency access from fhir.emergencyAccess, so its problems are reported there', () => {
    const emergencyAccess = { roles: ['R8000'], grant: { Condition: ['read' as const] }, windowMinutes: 15 };
    const mapped = fhirSettings({ ...stack.config, fhir: { ...stack.config.fhir!, emergencyAccess } } as Parameters<typeof fhirSettings>[0]);
    expect(mapped.settings.emergencyAccess).toEqual(emergencyAccess);
    expect(mapped.sources.emergencyAccess).toEqual(['fhir', 'emergencyAccess']);
    expect(fhirSettings(stack.config as Parameters<typeof fhirSettings>[0]).settings.emergencyAccess).toBeUndefined();
  });

  test('a trust with emergency access synthesises with all four packs and no unacknowledged finding', () => {
    // GIVEN the example trust with emergency access for its clinicians WHEN the four packs check it THEN nothing is left open
    const emergencyAccess = { roles: ['R8000'], grant: { '*': ['read' as const, 'vread' as const, 'search-type' as const] }, reasonCodes: ['ETREAT' as const, 'BTG' as const] };
    const withEmergency = new TrustStack(new App(), 'Rootstock-RXX-prod', { trust: { ...example.config, fhir: { ...example.config.fhir!, emergencyAccess } } });
    expect(withEmergency.fhir!.gateway.emergencyAccessAlarm).not.toBeUndefined();
    const packs = [new NhsTrustChecks(), new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()];
    expect(unacknowledgedFindings(withEmergency, packs).map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([]);
  });
});
