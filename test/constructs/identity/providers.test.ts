import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { isHttpsUrl } from '../../../constructs/core/checks';
import {
  CIS2_DEFAULT_SCOPES,
  CIS2_ISSUERS,
  FEDERATED_PROVIDERS,
  FederatedUserPool,
  federationsOf,
  NHS_LOGIN_ISSUERS,
  PROVIDER_KINDS,
} from '../../../constructs/identity';

/** The provider table: CIS2 and NHS login as data, every difference between them in one place. */
describe('FEDERATED_PROVIDERS', () => {
  const byKey = Object.fromEntries(FEDERATED_PROVIDERS.map((p) => [p.key, p]));

  test('CIS2 asks acr_values and checks acr; NHS login asks vtr (a JSON list) and checks vot', () => {
    // GIVEN the table THEN each provider's assurance scheme is its own
    expect([byKey.cis2.assurance.parameter, byKey.cis2.assurance.claim, byKey.cis2.assurance.requestValue('AAL3_ANY')]).toEqual(['acr_values', 'acr', 'AAL3_ANY']);
    expect([byKey.nhsLogin.assurance.parameter, byKey.nhsLogin.assurance.claim, byKey.nhsLogin.assurance.requestValue('P9.Cp.Cd')]).toEqual(['vtr', 'vot', '["P9.Cp.Cd"]']);
  });

  test('each provider has https issuers for every environment, openid in its default scopes, and a default assurance it can check', () => {
    for (const p of FEDERATED_PROVIDERS) {
      // THEN
      expect({ key: p.key, issuers: Object.values(p.issuers).filter((u) => !isHttpsUrl(u)) }).toEqual({ key: p.key, issuers: [] });
      expect(p.defaultScopes).toContain('openid');
      expect(p.assurance.values).toContain(p.defaultAssurance);
      expect(PROVIDER_KINDS).toContain(p.kind);
    }
    expect(byKey.cis2.issuers).toBe(CIS2_ISSUERS);
    expect(byKey.nhsLogin.issuers).toBe(NHS_LOGIN_ISSUERS);
  });

  test('keys, kinds, routes, Cognito names and construct ids are unique (each names resources or URLs)', () => {
    for (const field of ['key', 'kind', 'route', 'cognitoName', 'constructId'] as const) {
      const values = FEDERATED_PROVIDERS.map((p) => p[field]);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  test('every custom attribute a provider fills is one the user pool defines', () => {
    // GIVEN the pool
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'S');
    new FederatedUserPool(stack, 'Pool', { domainPrefix: 'p', callbackUrls: ['https://a.nhs.uk/cb'], federations: [] });
    const schema = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'))[0].Properties.Schema as Array<{ Name: string }>;
    const defined = schema.map((a) => `custom:${a.Name}`);
    // THEN every mapped attribute (and the assurance attribute every provider fills) exists
    const mapped = FEDERATED_PROVIDERS.flatMap((p) => [...Object.keys(p.customAttributes), 'custom:assurance']);
    expect(mapped.filter((a) => !defined.includes(a))).toEqual([]);
  });
});

describe('federationsOf', () => {
  test('lists the providers set, in table order, with the table defaults', () => {
    // GIVEN NHS login and CIS2, NHS login first WHEN resolved
    const federations = federationsOf({ nhsLogin: { environment: 'integration', clientId: 'n' }, cis2: { environment: 'production', clientId: 'c' } });
    // THEN CIS2 comes first, each with its issuer and defaults
    expect(federations.map((f) => [f.definition.key, f.issuer, f.clientId, f.requiredAssurance, f.promptLogin, f.scopes.join(' ')])).toEqual([
      ['cis2', CIS2_ISSUERS.production, 'c', 'AAL3_ANY', false, CIS2_DEFAULT_SCOPES.join(' ')],
      ['nhsLogin', NHS_LOGIN_ISSUERS.integration, 'n', 'P9.Cp.Cd', false, 'openid profile'],
    ]);
  });

  test('takes the trust settings over the defaults', () => {
    const [f] = federationsOf({ cis2: { environment: 'int', clientId: 'c', requiredAal: 'AAL2_ANY', promptLogin: true, scopes: ['openid', 'nhsperson'] } });
    expect([f.requiredAssurance, f.promptLogin, f.scopes]).toEqual(['AAL2_ANY', true, ['openid', 'nhsperson']]);
  });

  test('is empty without providers', () => {
    expect(federationsOf({})).toEqual([]);
  });
});
