import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { FederatedUserPool } from '../../../constructs/identity';

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'S', { env: { account: '111122223333', region: 'eu-west-2' } });
}

describe('FederatedUserPool', () => {
  test('federates with any OIDC provider given: the app client allows exactly those', () => {
    // GIVEN a provider that is not one of the NHS ones
    const s = stack();
    const pool = new FederatedUserPool(s, 'Pool', {
      domainPrefix: 'trust-test',
      callbackUrls: ['https://a.nhs.uk/cb'],
      federations: [
        {
          id: 'Other',
          providerName: 'OtherIdP',
          issuerUrl: 'https://idp.example.nhs.uk',
          clientId: 'x',
          clientSecret: 'from-a-dynamic-reference',
          scopes: ['openid'],
          endpoints: { authorization: 'https://p.example/a', token: 'https://p.example/t', userInfo: 'https://p.example/u', jwksUri: 'https://p.example/j' },
          attributeMapping: { email: cognito.ProviderAttribute.other('email') },
        },
      ],
    });
    // WHEN synthesised
    const t = Template.fromStack(s);
    // THEN
    t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'OtherIdP', ProviderDetails: Match.objectLike({ token_url: 'https://p.example/t', oidc_issuer: 'https://idp.example.nhs.uk' }) });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: [{ Ref: Match.stringLikeRegexp('^PoolOther') }], LogoutURLs: ['https://a.nhs.uk/cb'] });
    expect(s.resolve(pool.redirectUri)).toEqual({ 'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/^PoolUserPoolDomain/) }, '.auth.eu-west-2.amazoncognito.com/oauth2/idpresponse']] });
  });
});
