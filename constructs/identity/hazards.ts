import type { Hazard } from '../core/hazards';

/** Clinical hazards of sign-in through NHS CIS2 and NHS login (TrustIdentity). */
export const TRUST_IDENTITY_HAZARDS: readonly Hazard[] = [
  {
    id: 'HAZ-IDENTITY-001',
    title: 'Staff cannot sign in because CIS2 or the identity proxy is unavailable',
    cause: 'An NHS CIS2 or NHS login outage, a failing identity proxy function, or an expired or rotated signing key the provider does not yet trust.',
    effect: 'Clinicians cannot sign in to applications that use the trust\'s user pool, and cannot see or record patient information.',
    harm: 'Delayed treatment; clinical decisions made without the record.',
    initialRisk: { severity: 4, likelihood: 3 },
    controls: [
      {
        description: 'The proxy fails with a clear OAuth error (not a hang) when the provider cannot be reached, so applications can show their downtime procedure.',
        implementedBy: 'constructs/identity/runtime/proxy.ts',
        evidence: { file: 'test/constructs/identity/runtime/token-proxy.e2e.test.ts', test: 'identity proxy against a CIS2-like OpenID provider fails with server_error when the provider cannot be reached' },
      },
      {
        description: 'The proxy errors alarm notifies the trust\'s alarm topic within five minutes of any request the proxy could not complete (provider unreachable or failing, discovery unreadable, KMS or Secrets Manager unavailable); the function errors alarm of any crash, timeout or throttle.',
        implementedBy: 'constructs/identity/sign-in-alarms.ts',
        evidence: { file: 'test/constructs/identity/sign-in-alarms.test.ts', test: 'SignInAlarms (in TrustIdentity) the metric filters watch the right log groups for exactly the runtime\'s events' },
      },
      {
        description: 'Signing keys rotate by generations: the old key stays published until providers have fetched the new one.',
        implementedBy: 'TrustIdentityProps.signingKeyVersions',
        evidence: { file: 'test/constructs/identity/runtime/signer.test.ts', test: 'client assertions and key rotation a JWKS of current and previous keys verifies assertions from both until the previous key is retired' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 2 },
    deployerActions: [
      'Keep a documented downtime procedure (paper or read-only access) for CIS2 outages, as for any CIS2-dependent system.',
      'Follow NHS England service status for CIS2 and NHS login.',
    ],
  },
  {
    id: 'HAZ-IDENTITY-002',
    title: 'A user signs in with weaker assurance than the trust requires',
    cause: 'The provider returns a token below the required authentication assurance (AAL for CIS2, vector of trust for NHS login), or the proxy does not check it.',
    effect: 'Someone who is not the clinician or patient they claim to be reaches patient records.',
    harm: 'Inappropriate disclosure of, or changes to, patient records.',
    initialRisk: { severity: 4, likelihood: 2 },
    controls: [
      {
        description: 'The proxy asks for the required assurance and refuses ID tokens below it.',
        implementedBy: 'constructs/identity/runtime/assurance.ts',
        evidence: { file: 'test/constructs/identity/runtime/token-proxy.e2e.test.ts', test: 'identity proxy against a CIS2-like OpenID provider fails with access_denied when the ID token is below the required AAL' },
      },
      {
        description: 'The user pool requires MFA for any local account.',
        implementedBy: 'NHS-CognitoUserPoolMfaRequired',
        evidence: { file: 'test/policies/rules/CognitoUserPoolMfaRequired.test.ts', test: 'CognitoUserPoolMfaRequired: user pools require MFA (ON, not OPTIONAL) fails a UserPool with optional MFA (L2)' },
      },
    ],
    residualRisk: { severity: 4, likelihood: 1 },
    deployerActions: ['Set requiredAal to AAL3_ANY (smartcard) for roles that write clinical data, unless the CSO accepts lower.'],
  },
];
