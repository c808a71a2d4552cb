import { Duration } from 'aws-cdk-lib';
import { trustIdentityProblems, type TrustIdentityCheckedProps } from '../../../constructs/identity';
import { ConfigError, parseTrustConfig } from '../../../lib/config/loader';

const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';
const identity = (body: string) => `${base}identity:\n${body}`;

describe('identity config', () => {
  test('applies defaults: AAL3_ANY for CIS2, P9.Cp.Cd for NHS login, no prompt, one signing key', () => {
    // WHEN
    const config = parseTrustConfig(
      identity('  callbackUrls: [https://app.example.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc }\n  nhsLogin: { environment: sandpit, clientId: def }\n'),
      'trusts/rxx.yaml',
    );
    // THEN
    expect(config.identity).toEqual({
      callbackUrls: ['https://app.example.nhs.uk/cb'],
      cis2: { environment: 'int', clientId: 'abc', requiredAal: 'AAL3_ANY', promptLogin: false },
      nhsLogin: { environment: 'sandpit', clientId: 'def', vectorOfTrust: 'P9.Cp.Cd', promptLogin: false },
      signingKeyVersions: ['1'],
    });
  });

  test('is optional', () => {
    expect(parseTrustConfig(base, 'x.yaml').identity).toBeUndefined();
  });

  test.each([
    ['fails on an http callback URL', '  callbackUrls: [http://app.example.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc }\n', /x\.yaml:5:\d+: identity\.callbackUrls\.0: must be an https URL/],
    ['fails on an unknown CIS2 environment', '  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: dev, clientId: abc }\n', /identity\.cis2\.environment: must be one of int, production; got 'dev'/],
    ['fails on an unknown NHS login environment', '  callbackUrls: [https://a.nhs.uk/cb]\n  nhsLogin: { environment: live, clientId: abc }\n', /identity\.nhsLogin\.environment: must be one of sandpit, integration, production; got 'live'/],
    ['fails on an unknown AAL', '  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc, requiredAal: AAL1_ANY }\n', /identity\.cis2\.requiredAal: must be one of AAL2_ANY, AAL2_OR_AAL3_ANY, AAL3_ANY; got 'AAL1_ANY'/],
    ['fails on an unknown vector of trust', '  callbackUrls: [https://a.nhs.uk/cb]\n  nhsLogin: { environment: sandpit, clientId: abc, vectorOfTrust: P7.Cp }\n', /identity\.nhsLogin\.vectorOfTrust: must be one of P0\.Cp, .*P9\.Cm; got 'P7\.Cp'/],
    ['fails without any provider', '  callbackUrls: [https://a.nhs.uk/cb]\n', /identity\.cis2: is required unless nhsLogin is set/],
    ['fails without callback URLs', '  callbackUrls: []\n  cis2: { environment: int, clientId: abc }\n', /identity\.callbackUrls: must list at least one https URL/],
    ['fails on an unknown field', '  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc, secret: x }\n', /identity\.cis2/],
    ['fails on a domain prefix containing cognito', '  domainPrefix: rxx-cognito\n  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc }\n', /x\.yaml:5:17: identity\.domainPrefix: must not contain aws, amazon, cognito .*got 'rxx-cognito'\.$/],
    ['fails on a second signing key generation with a hyphen, at the entry', '  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc }\n  signingKeyVersions: [\'1\', v-2]\n', /x\.yaml:7:29: identity\.signingKeyVersions\.1: must be 1 to 16 letters or digits/],
    ['fails on a client id with a space', '  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: my client }\n', /identity\.cis2\.clientId: must be the client id the provider registered .*got 'my client'/],
    ['fails on tokens valid for two hours', '  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc }\n  tokenValidityMinutes: 120\n', /x\.yaml:7:25: identity\.tokenValidityMinutes: must be from 5 to 60 minutes; got 120 minutes\.$/],
  ])('%s', (_name, body, message) => {
    // GIVEN the section WHEN parsed THEN refused at the file, line and field, once
    let error: unknown;
    try {
      parseTrustConfig(identity(body), 'x.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});

/**
 * One validation source: the section's checks are TrustIdentity's own problem functions, so over
 * the edge values of every limit, a config value is refused exactly when the construct refuses it.
 */
describe('the identity section and TrustIdentity judge every edge value the same way', () => {
  const providers = '  cis2: { environment: int, clientId: abc }\n';
  const urls = '  callbackUrls: [https://a.nhs.uk/cb]\n';
  const props: TrustIdentityCheckedProps = { domainPrefix: 'rxx-prod-identity', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'abc' } };
  const y = (v: unknown) => JSON.stringify(v);
  const cases: Array<[string, unknown[], (v: never) => string, (v: never) => Partial<TrustIdentityCheckedProps>]> = [
    ['reservedConcurrentExecutions', [-1, 0, 1, 2.5, 10, 999, 1000, 1001], (v: number) => `${urls}${providers}  reservedConcurrentExecutions: ${v}\n`, (v: number) => ({ reservedConcurrentExecutions: v })],
    ['tokenValidityMinutes', [0, 4, 5, 5.5, 15, 60, 61, 1440], (v: number) => `${urls}${providers}  tokenValidityMinutes: ${v}\n`, (v: number) => ({ tokenValidity: Duration.minutes(v) })],
    ['refreshTokenValidityMinutes', [5, 59, 60, 480, 1440, 1441], (v: number) => `${urls}${providers}  refreshTokenValidityMinutes: ${v}\n`, (v: number) => ({ refreshTokenValidity: Duration.minutes(v) })],
    [
      'domainPrefix',
      ['a', '-a', 'a-', 'a--b', 'rxx-prod', 'RXX', 'a_b', 'x'.repeat(63), 'x'.repeat(64), 'my-aws-app', 'amazonia', 'precognitoid', 'awsome'],
      (v: string) => `  domainPrefix: ${y(v)}\n${urls}${providers}`,
      (v: string) => ({ domainPrefix: v }),
    ],
    [
      'signingKeyVersions',
      [[], ['1'], ['1', '2', '3'], ['1', '2', '3', '4'], ['1', '1'], ['v-1'], ['x'.repeat(16)], ['x'.repeat(17)], ['2024a', '2025b']],
      (v: string[]) => `${urls}${providers}  signingKeyVersions: ${y(v)}\n`,
      (v: string[]) => ({ signingKeyVersions: v }),
    ],
    ['assuranceRejectionAlarmThreshold', [-1, 0, 0.5, 1, 10, 100000], (v: number) => `${urls}${providers}  assuranceRejectionAlarmThreshold: ${v}\n`, (v: number) => ({ assuranceRejectionAlarmThreshold: v })],
    ['cis2.clientId', ['', 'abc', 'a b', 'x'.repeat(255), 'x'.repeat(256), 'caf\u00e9', '1234567890.apps.national'], (v: string) => `${urls}  cis2: { environment: int, clientId: ${y(v)} }\n`, (v: string) => ({ cis2: { environment: 'int', clientId: v } })],
    [
      'callbackUrls',
      [[], ['https://a.nhs.uk/cb'], ['http://a.nhs.uk/cb'], ['https://u:p@a.nhs.uk/cb'], ['ftp://a.nhs.uk'], ['https://a.nhs.uk/cb', 'https://'], ['not a url']],
      (v: string[]) => `  callbackUrls: ${y(v)}\n${providers}`,
      (v: string[]) => ({ callbackUrls: v }),
    ],
  ];

  test.each(cases)('%s', (field, values, yaml, asProps) => {
    for (const value of values) {
      // GIVEN the value in a config, and the same value as TrustIdentity props
      let configError = '';
      try {
        parseTrustConfig(identity(yaml(value as never)), 'x.yaml');
      } catch (e) {
        configError = (e as Error).message;
      }
      const constructProblems = trustIdentityProblems({ ...props, ...asProps(value as never) });
      // THEN both accept it, or both refuse it (the config at the field)
      expect({ value, configRefuses: configError !== '', constructRefuses: constructProblems.length > 0 }).toEqual({ value, configRefuses: constructProblems.length > 0, constructRefuses: constructProblems.length > 0 });
      if (configError) expect({ value, at: configError.includes(`identity.${field}`) }).toEqual({ value, at: true });
    }
  });
});
