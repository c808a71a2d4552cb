import { parseTrustConfig, resolveTrustConfig } from '../../../lib/config/loader';

const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';

describe('trust config loader', () => {
  test('applies defaults to a minimal config', () => {
    // WHEN
    const config = parseTrustConfig(base, 'trusts/min.yaml');
    // THEN
    expect(config.region).toBe('eu-west-2');
    expect(config.logging).toEqual({ auditRetentionDays: 2922, securityRetentionDays: 400 });
    expect(config.network.cidr).toBe('10.20.0.0/16');
  });

  test('accepts JSON configs', () => {
    const config = parseTrustConfig(JSON.stringify({ odsCode: 'RH8', name: 'Royal Devon', environment: 'test' }), 'trusts/rh8.json');
    expect(config.odsCode).toBe('RH8');
  });

  test('fails on a non-UK region without an exception, naming file, line, field, value and fix', () => {
    expect(() => parseTrustConfig(`${base}region: us-east-1\n`, 'trusts/bad.yaml')).toThrow(
      /^trusts\/bad\.yaml:4:9: region: is not a UK region.*dataResidencyException.*got 'us-east-1'\.$/,
    );
  });

  test('accepts a non-UK region with a recorded exception', () => {
    const config = parseTrustConfig(`${base}region: eu-west-1\ndataResidencyException:\n  approvedBy: SIRO\n  reference: DR-1\n`, 'x.yaml');
    expect(config.region).toBe('eu-west-1');
  });

  test('fails on code-path props with the field named', () => {
    expect(() => resolveTrustConfig({ odsCode: 'RXX', name: 'X', environment: 'live' })).toThrow(/environment: must be one of dev, test, prod; got 'live'/);
  });
});
