import { parseTrustConfig } from '../../../lib/config/loader';

const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';
const enabled = `${base}fhir:
  enabled: true
  tokenIssuer:
    issuer: https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc
    audience: client-1
    roleClaim: cognito
  rolePolicy:
    clinicians:
      Patient: [read, search-type]
      '*': [capabilities]
  storeLock: unreleased
`;

describe('fhir config section', () => {
  test('accepts an enabled section and applies defaults', () => {
    const config = parseTrustConfig(enabled, 'trusts/rxx.yaml');
    expect(config.fhir).toMatchObject({ enabled: true, preloadSynthea: false, storeLock: 'unreleased', rolePolicy: { clinicians: { Patient: ['read', 'search-type'] } } });
  });

  test('is optional and off by default', () => {
    expect(parseTrustConfig(base, 'x.yaml').fhir).toBeUndefined();
    expect(parseTrustConfig(`${base}fhir: {}\n`, 'x.yaml').fhir).toEqual({ enabled: false, preloadSynthea: false });
  });

  test('fails when enabled without a store lock, saying what to write', () => {
    expect(() => parseTrustConfig(enabled.replace('  storeLock: unreleased\n', ''), 'trusts/rxx.yaml')).toThrow(/fhir\.storeLock: is required when fhir\.enabled is true; write storeLock: unreleased/);
  });

  test('fails on an unknown interaction, naming the field', () => {
    expect(() => parseTrustConfig(enabled.replace('[read, search-type]', '[read, erase]'), 'trusts/rxx.yaml')).toThrow(/trusts\/rxx\.yaml:\d+:\d+: fhir\.rolePolicy\.clinicians\.Patient\.1: must be one of read, vread.*got 'erase'/);
  });

  test('fails on a symmetric token algorithm', () => {
    expect(() => parseTrustConfig(enabled.replace('    roleClaim: cognito\n', '    roleClaim: cognito\n    algorithms: [HS256]\n'), 'x.yaml')).toThrow(/fhir\.tokenIssuer\.algorithms\.0: must be one of RS256.*got 'HS256'/);
  });
});

describe('fhir config section: what validate catches before any synth', () => {
  const example = `${base.replace('RXX', 'RAB')}fhir:
  enabled: true
  tokenIssuer: { issuer: https://issuer.example.nhs.uk, audience: app, roleClaim: cis2 }
  rolePolicy: { R8000: { Patient: [read] } }
  storeLock:
    DatastoreName: rxx-prod-fhir
    DatastoreTypeVersion: R4
    SseConfiguration: CUSTOMER_MANAGED_KMS_KEY KeysDataKey8F3FE3A4.Arn
    PreloadDataConfig: NONE
    IdentityProviderConfiguration: AWS_AUTH
`;

  test('fails on a storeLock copied from another trust, at fhir.storeLock, leading with the safe fix', () => {
    // GIVEN trust RAB with the example trust's (RXX's) store lock
    // WHEN validated THEN the lock is reported as another store's, and the first fix offered is storeLock: unreleased
    expect(() => parseTrustConfig(example, 'trusts/rab.yaml')).toThrow(/trusts\/rab\.yaml:\d+:\d+: fhir\.storeLock: names a different store: DatastoreName is 'rxx-prod-fhir' in storeLock but 'rab-prod-fhir'.*write storeLock: unreleased/);
    try {
      parseTrustConfig(example, 'trusts/rab.yaml');
    } catch (e) {
      const message = (e as Error).message;
      expect(message.indexOf('storeLock: unreleased')).toBeLessThan(message.indexOf('allowReplacement'));
    }
  });

  test('accepts the lock of the store the config builds (the example trust\'s own)', () => {
    expect(parseTrustConfig(example.replace('RAB', 'RXX'), 'trusts/rxx.yaml').fhir).toMatchObject({ enabled: true });
  });

  test('fails on a lock whose key is not the trust\'s data key', () => {
    expect(() => parseTrustConfig(example.replace('RAB', 'RXX').replace('KeysDataKey8F3FE3A4', 'OtherKey1234'), 'x.yaml')).toThrow(/fhir\.storeLock: names a different store: SseConfiguration/);
  });

  test.each([
    ['an allowed organisation that is not an ODS code', '  allowedOrganisations: [rha]\n', /fhir\.allowedOrganisations\.0: must be the trust's ODS code.*got 'rha'/],
    ['an export schedule that is not a scheduler expression', '  export: { schedule: every night }\n', /fhir\.export\.schedule: must be an EventBridge Scheduler expression/],
    ['an export retention of 0 days', '  export: { retentionDays: 0 }\n', /fhir\.export\.retentionDays/],
  ])('fails on %s', (_name, extra, message) => {
    expect(() => parseTrustConfig(enabled + extra, 'trusts/rxx.yaml')).toThrow(message);
  });

  test('accepts hosted organisations and an export schedule and retention', () => {
    const config = parseTrustConfig(`${enabled}  allowedOrganisations: [RHA, RA7]\n  export: { schedule: 'cron(0 3 * * ? *)', retentionDays: 90 }\n`, 'x.yaml');
    expect(config.fhir).toMatchObject({ allowedOrganisations: ['RHA', 'RA7'], export: { schedule: 'cron(0 3 * * ? *)', retentionDays: 90 } });
  });
});

describe('fhir config section: emergency access', () => {
  const emergency = (body: string) => `${enabled}  emergencyAccess:\n${body}`;

  test('is optional, and accepted with roles of the role policy, a grant, a window and reason codes', () => {
    expect((parseTrustConfig(enabled, 'x.yaml').fhir as { emergencyAccess?: unknown }).emergencyAccess).toBeUndefined();
    const config = parseTrustConfig(emergency("    roles: [clinicians]\n    grant: { '*': [read, search-type] }\n    windowMinutes: 15\n    reasonCodes: [BTG]\n"), 'x.yaml');
    expect(config.fhir).toMatchObject({ emergencyAccess: { roles: ['clinicians'], grant: { '*': ['read', 'search-type'] }, windowMinutes: 15, reasonCodes: ['BTG'] } });
  });

  test.each([
    ['a role the role policy does not name', "    roles: [clinician]\n    grant: { Condition: [read] }\n", /fhir\.emergencyAccess\.roles\.0: must be a role of rolePolicy \(clinicians\), got 'clinician'/],
    ['no roles', "    roles: []\n    grant: { Condition: [read] }\n", /fhir\.emergencyAccess\.roles: must list at least one role/],
    ['a grant of delete', "    roles: [clinicians]\n    grant: { Condition: [read, delete] }\n", /fhir\.emergencyAccess\.grant\.Condition: must not grant delete \(emergency access is for reading and recording care/],
    ['a grant of an unknown interaction', "    roles: [clinicians]\n    grant: { Condition: [peek] }\n", /fhir\.emergencyAccess\.grant\.Condition\.0: must be one of read/],
    ['an empty grant', "    roles: [clinicians]\n    grant: {}\n", /fhir\.emergencyAccess\.grant: must grant at least one interaction/],
    ['a window of 0 minutes', "    roles: [clinicians]\n    grant: { Condition: [read] }\n    windowMinutes: 0\n", /fhir\.emergencyAccess\.windowMinutes: must be a whole number of minutes from 1 to 60 .*got 0/],
    ['a window of 2 hours', "    roles: [clinicians]\n    grant: { Condition: [read] }\n    windowMinutes: 120\n", /fhir\.emergencyAccess\.windowMinutes: must be a whole number of minutes from 1 to 60 .*got 120/],
    ['a reason code not on the list', "    roles: [clinicians]\n    grant: { Condition: [read] }\n    reasonCodes: [TREAT]\n", /fhir\.emergencyAccess\.reasonCodes\.0: must be one of ETREAT, BTG, ERTREAT; got 'TREAT'/],
    ['an unknown key', "    roles: [clinicians]\n    grant: { Condition: [read] }\n    window: 5\n", /fhir\.emergencyAccess\.window: unknown key/],
  ])('fails on %s, at the field, with the fix', (_name, body, message) => {
    expect(() => parseTrustConfig(emergency(body), 'trusts/rxx.yaml')).toThrow(message);
  });

  test('reports a bad window once, though both the schema and the construct judge it', () => {
    try {
      parseTrustConfig(emergency("    roles: [clinicians]\n    grant: { Condition: [read] }\n    windowMinutes: 90\n"), 'trusts/rxx.yaml');
      throw new Error('accepted');
    } catch (e) {
      expect((e as Error).message.match(/windowMinutes/g)).toHaveLength(1);
    }
  });
});

