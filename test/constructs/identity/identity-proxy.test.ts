import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CIS2_ISSUERS, federationsOf, IdentityProxy, NHS_LOGIN_ISSUERS } from '../../../constructs/identity';
import { ASSURANCE_SCHEMES } from '../../../constructs/identity/runtime/assurance';
import { requiredAssurance, type ProxiedProvider } from '../../../constructs/identity/runtime/provider-config';

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'S', { env: { account: '111122223333', region: 'eu-west-2' } });
}

/** The PROVIDERS environment of the proxy function, with each secret reference replaced by a readable ARN. */
function providersEnv(t: Template): ProxiedProvider[] {
  const fn = Object.values(t.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Environment?.Variables?.PROVIDERS);
  const join = fn?.Properties.Environment.Variables.PROVIDERS['Fn::Join'] as [string, Array<string | { Ref: string }>];
  return JSON.parse(join[1].map((part) => (typeof part === 'string' ? part : `arn:secret:${part.Ref}`)).join(join[0]));
}

describe('IdentityProxy', () => {
  test('writes the PROVIDERS environment in its released shape, and the runtime reads each provider\'s assurance from it', () => {
    // GIVEN both providers, CIS2 at AAL2 with prompt=login
    const s = stack();
    new IdentityProxy(s, 'Proxy', {
      logsKey: new kms.Key(s, 'LogsKey'),
      federations: federationsOf({ cis2: { environment: 'int', clientId: 'c', requiredAal: 'AAL2_ANY', promptLogin: true }, nhsLogin: { environment: 'sandpit', clientId: 'n' } }),
    });
    // WHEN synthesised
    const providers = providersEnv(Template.fromStack(s));
    // THEN the entries, key order included, are what released stacks carry
    expect(JSON.stringify(providers)).toBe(
      JSON.stringify([
        { name: 'cis2', kind: 'cis2', issuer: CIS2_ISSUERS.int, clientId: 'c', clientSecretArn: providers[0].clientSecretArn, requiredAal: 'AAL2_ANY', promptLogin: true },
        { name: 'nhs-login', kind: 'nhs-login', issuer: NHS_LOGIN_ISSUERS.sandpit, clientId: 'n', clientSecretArn: providers[1].clientSecretArn, vectorOfTrust: 'P9.Cp.Cd', promptLogin: false },
      ]),
    );
    expect(providers.map((p) => p.clientSecretArn)).toEqual([expect.stringMatching(/^arn:secret:ProxyCis2ClientSecret/), expect.stringMatching(/^arn:secret:ProxyNhsLoginClientSecret/)]);
    expect(providers.map((p) => [ASSURANCE_SCHEMES[p.kind].parameter, requiredAssurance(p)])).toEqual([['acr_values', 'AAL2_ANY'], ['vtr', 'P9.Cp.Cd']]);
  });

  test('publishes every signing key generation and signs with the last; its endpoints are the API\'s', () => {
    // GIVEN three generations
    const s = stack();
    const proxy = new IdentityProxy(s, 'Proxy', { logsKey: new kms.Key(s, 'LogsKey'), signingKeyVersions: ['a', 'b', 'c'], federations: federationsOf({ cis2: { environment: 'int', clientId: 'c' } }) });
    // WHEN synthesised
    const t = Template.fromStack(s);
    // THEN
    expect(proxy.currentSigningKey).toBe(proxy.signingKeys[2]);
    t.resourcePropertiesCountIs('AWS::KMS::Key', { KeyUsage: 'SIGN_VERIFY', KeySpec: 'RSA_2048' }, 3);
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SIGNING_KEY_ID: { Ref: Match.stringLikeRegexp('^ProxySigningKeyc') } }) } });
    expect(s.resolve(proxy.endpointsFor('cis2').token)).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^ProxyApi/), 'ApiEndpoint'] }, '/cis2/token']] });
  });
});
