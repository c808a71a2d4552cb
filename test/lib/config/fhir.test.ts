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
