import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TrustIdentity } from '../../../constructs/identity';
import { identitySettings } from '../../../lib/trust-stack/identity';
import { parseTrustConfig } from '../../../lib/config/loader';

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
    ['fails on a domain prefix containing cognito', '  domainPrefix: rxx-cognito\n  callbackUrls: [https://a.nhs.uk/cb]\n  cis2: { environment: int, clientId: abc }\n', /identity\.domainPrefix: must not contain aws, amazon or cognito/],
  ])('%s', (_name, body, message) => {
    expect(() => parseTrustConfig(identity(body), 'x.yaml')).toThrow(message);
  });
});

describe('identitySettings', () => {
  test('turns a trust config into TrustIdentity props: default domain prefix, security log retention, provider settings', () => {
    // GIVEN
    const config = parseTrustConfig(
      identity('  callbackUrls: [https://app.example.nhs.uk/cb]\n  cis2: { environment: production, clientId: abc, requiredAal: AAL2_ANY }\n'),
      'trusts/rxx.yaml',
    );
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'S', { env: { region: 'eu-west-2', account: '111122223333' } });
    // WHEN
    const props = { ...identitySettings({ ...config, identity: config.identity! }).settings, logsKey: new kms.Key(stack, 'LogsKey', { enableKeyRotation: true }) };
    new TrustIdentity(stack, 'Identity', props);
    // THEN
    expect(props).toMatchObject({ domainPrefix: 'rxx-prod-identity', logRetentionDays: 400, cis2: { environment: 'production', clientId: 'abc', requiredAal: 'AAL2_ANY' }, signingKeyVersions: ['1'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'rxx-prod-identity' });
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'NHSCIS2', ProviderDetails: Match.objectLike({ client_id: 'abc' }) });
  });
});
