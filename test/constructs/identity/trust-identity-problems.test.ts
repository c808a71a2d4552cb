import {
  clientIdProblem,
  domainPrefixProblem,
  jwksConcurrency,
  refreshTokenValidityProblem,
  reservedConcurrencyProblem,
  signingKeyVersionsProblems,
  tokenValidityProblem,
  trustIdentityProblems,
} from '../../../constructs/identity';

/**
 * TrustIdentity's limits, over their whole range (each limit is small enough to walk), and the
 * problem function that the construct and the trust schema both call.
 */
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('TrustIdentity limits', () => {
  test('reserved concurrency: exactly the whole numbers 1 to 1000', () => {
    // GIVEN every value from -5 to 1005 in halves WHEN checked
    const accepted = range(-5, 1005, 0.5).filter((n) => reservedConcurrencyProblem(n) === undefined);
    // THEN
    expect(accepted).toEqual(range(1, 1000));
  });

  test('the JWKS function gets a fifth of the proxy concurrency, at least 1 and never more than the proxy', () => {
    for (const n of range(1, 1000)) {
      const j = jwksConcurrency(n);
      expect({ n, ok: j >= 1 && j <= n && (n < 5 ? j === 1 : j === Math.floor(n / 5)) }).toEqual({ n, ok: true });
    }
  });

  test('token validity: 5 to 60 minutes; refresh tokens: 60 to 1440 minutes', () => {
    // GIVEN every minute from 0 to 1500 WHEN checked THEN
    expect(range(0, 1500).filter((m) => tokenValidityProblem(m) === undefined)).toEqual(range(5, 60));
    expect(range(0, 1500).filter((m) => refreshTokenValidityProblem(m) === undefined)).toEqual(range(60, 1440));
    expect(tokenValidityProblem(90)).toBe('must be from 5 to 60 minutes; got 90 minutes');
  });

  test('domain prefix: lengths 1 to 63, hyphens only inside, no capitals, underscores or reserved words', () => {
    // GIVEN prefixes of every length from 1 to 70 WHEN checked THEN exactly 1 to 63 pass
    expect(range(1, 70).filter((n) => domainPrefixProblem('a'.repeat(n)) === undefined)).toEqual(range(1, 63));
    for (const ok of ['a', '0', 'rxx-prod-identity', 'a-b-c', 'r8-1']) expect(domainPrefixProblem(ok)).toBeUndefined();
    for (const bad of ['', '-a', 'a-', 'A', 'a_b', 'a.b', 'a b', 'é']) expect(domainPrefixProblem(bad)).toMatch(/^must be 1 to 63 lowercase letters, digits and hyphens/);
    // Each reserved word at the start, middle and end.
    for (const word of ['aws', 'amazon', 'cognito']) {
      for (const prefix of [`${word}-x`, `x${word}x`, `x-${word}`]) expect(domainPrefixProblem(prefix)).toContain(`this one contains '${word}'`);
    }
  });

  test('client id: 1 to 255 visible ASCII characters', () => {
    expect(range(0, 300).filter((n) => clientIdProblem('x'.repeat(n)) === undefined)).toEqual(range(1, 255));
    // Every ASCII character on its own: only the visible ones (33 to 126) pass.
    expect(range(0, 127).filter((c) => clientIdProblem(String.fromCharCode(c)) === undefined)).toEqual(range(33, 126));
    expect(clientIdProblem('café')).toContain("got 'café'");
  });

  test('signing key generations: 1 to 3 distinct names of 1 to 16 letters or digits, each entry reported at its index', () => {
    const fields = (v: string[]) => signingKeyVersionsProblems(v).map((p) => p.field);
    expect(range(0, 5).filter((n) => fields(range(1, n).map(String)).length === 0)).toEqual([1, 2, 3]);
    expect(fields(['1', 'x'.repeat(16)])).toEqual([]);
    expect(fields(['1', 'x'.repeat(17)])).toEqual(['signingKeyVersions.1']);
    expect(fields(['a-1', '2', 'b_3'])).toEqual(['signingKeyVersions.0', 'signingKeyVersions.2']);
    expect(fields(['2', '2'])).toEqual(['signingKeyVersions']);
  });
});

describe('trustIdentityProblems', () => {
  const ok = { domainPrefix: 'rxx-prod-identity', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int' as const, clientId: 'c' } };

  test('finds nothing in good props', () => {
    expect(trustIdentityProblems(ok)).toEqual([]);
    expect(trustIdentityProblems({ ...ok, cis2: undefined, nhsLogin: { environment: 'production', clientId: 'n', vectorOfTrust: 'P5.Cp.Cd' } })).toEqual([]);
  });

  test('fails on each provider setting at the provider field, from the provider table', () => {
    // GIVEN both providers wrong in every field WHEN checked
    const problems = trustIdentityProblems({
      ...ok,
      cis2: { environment: 'dev' as never, clientId: ' ', requiredAal: 'P9.Cp.Cd' as never, scopes: ['profile'] },
      nhsLogin: { environment: 'int' as never, clientId: '', vectorOfTrust: 'AAL3_ANY' as never, scopes: [] },
    });
    // THEN each is at its field, and each provider checks its own assurance values
    expect(problems.map((p) => p.field)).toEqual([
      'cis2.environment', 'cis2.clientId', 'cis2.requiredAal', 'cis2.scopes',
      'nhsLogin.environment', 'nhsLogin.clientId', 'nhsLogin.vectorOfTrust', 'nhsLogin.scopes',
    ]);
  });

  test('fails on a log retention CloudWatch does not offer or below 180 days, with the shared retention check', () => {
    expect(trustIdentityProblems({ ...ok, logRetentionDays: 200 })[0]).toEqual({ field: 'logRetentionDays', message: expect.stringMatching(/^must be a CloudWatch Logs retention period of at least 180 days .*got 200$/) });
    expect(trustIdentityProblems({ ...ok, logRetentionDays: 90 })).toHaveLength(1);
    expect(trustIdentityProblems({ ...ok, logRetentionDays: 3653 })).toEqual([]);
  });
});
