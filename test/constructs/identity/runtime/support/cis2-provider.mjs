// A real OpenID Connect provider (oidc-provider 9) configured like NHS CIS2, for end-to-end tests.
//
// oidc-provider is ESM-only, so jest runs this in a child `node` process. It listens on
// 127.0.0.1:<random port> and prints one JSON line `{"issuer": "..."}` when ready.
// Environment: CLIENT_ID, REDIRECT_URI, CLIENT_JWKS (the proxy's JWKS as JSON: the public keys
// its client assertions are verified with).
// Login needs no UI: the interaction endpoint logs in the user named by `login_hint` (users
// `aal3-user` and `aal2-user` authenticate at AAL3_ANY and AAL2_ANY), then grants consent.
// PROFILE=nhs-login makes it behave like NHS login instead: ID tokens carry `vot` (users
// `p9-user` P9.Cp.Cd and `p5-user` P5.Cp.Cd).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const clientId = process.env.CLIENT_ID ?? 'cis2-client';
const redirectUri = process.env.REDIRECT_URI ?? 'https://auth.example.nhs.uk/oauth2/idpresponse';
const nhsLogin = process.env.PROFILE === 'nhs-login';
const clientJwks = JSON.parse(process.env.CLIENT_JWKS ?? '{"keys":[]}');

const USERS = {
  'aal3-user': { acr: 'AAL3_ANY', amr: ['sc'] },
  'aal2-user': { acr: 'AAL2_ANY', amr: ['pwd', 'otp'] },
  'p9-user': { vot: 'P9.Cp.Cd' },
  'p5-user': { vot: 'P5.Cp.Cd' },
};

const signingJwk = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'cis2-sig-1', alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: clientJwks,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  jwks: { keys: [signingJwk] },
  acrValues: ['AAL2_ANY', 'AAL3_ANY'],
  scopes: ['openid', 'profile', 'nationalrbacaccess', 'associatedorgs'],
  claims: nhsLogin
    ? // NHS login puts the vector of trust achieved in the ID token.
      { openid: ['sub', 'vot', 'vtm'], profile: ['nhs_number', 'family_name', 'birthdate'] }
    : {
        acr: null,
        amr: null,
        openid: ['sub'],
        profile: ['nhsid_useruid', 'name', 'family_name', 'given_name'],
        nationalrbacaccess: ['nhsid_nrbac_roles'],
        associatedorgs: ['nhsid_user_orgs'],
      },
  conformIdTokenClaims: !nhsLogin,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // CIS2 accepts client assertions valid for at most five minutes.
  assertJwtClientAuthClaimsAndHeader: async (_ctx, claims) => {
    if (typeof claims.iat !== 'number') throw new errors.InvalidClientAuth('iat must be provided in the client_assertion JWT');
    if (claims.exp - claims.iat > 300) throw new errors.InvalidClientAuth('client_assertion must expire within 5 minutes of iat');
    if (claims.sub !== claims.iss) throw new errors.InvalidClientAuth('sub must equal iss (the client_id)');
  },
  findAccount: async (_ctx, sub) => ({
    accountId: sub,
    claims: async () => ({
      sub,
      nhsid_useruid: `5550${sub.length}0000001`,
      name: 'Test User',
      family_name: 'User',
      given_name: 'Test',
      nhsid_nrbac_roles: [{ org_code: 'RXX', person_orgid: '1', person_roleid: '2', role_code: 'S8000:G8000:R8000', role_name: 'Clinical Practitioner' }],
      nhsid_user_orgs: [{ org_code: 'RXX', org_name: 'Example NHS Foundation Trust' }],
      nhs_number: '9000000009',
      birthdate: '1970-01-01',
      vot: USERS[sub]?.vot,
      vtm: 'https://auth.sandpit.signin.nhs.uk/trustmark/auth.sandpit.signin.nhs.uk',
    }),
  }),
});
provider.on('server_error', (_ctx, err) => console.error(err));
// Token endpoint failures, with the reason oidc-provider keeps from the client, for tests to assert on.
provider.on('grant.error', (_ctx, err) => console.log(JSON.stringify({ event: 'grant.error', error: err.error, detail: err.error_detail ?? err.error_description })));

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const hint = details.params.login_hint;
  const user = USERS[hint];
  if (details.prompt.name === 'login') {
    if (!user) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: `unknown test user ${hint}` }, { mergeWithLastSubmission: false });
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: hint, ...(user.acr ? { acr: user.acr, amr: user.amr } : {}) } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
    return;
  }
  callback(req, res);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(JSON.stringify({ issuer }));
