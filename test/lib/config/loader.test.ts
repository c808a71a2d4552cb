import { parseTrustConfig, resolveTrustConfig } from '../../../lib/config/loader';

const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';
const nextYear = new Date().getUTCFullYear() + 1;

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

  test('accepts a non-UK region with a recorded exception that has not expired', () => {
    const config = parseTrustConfig(`${base}region: eu-west-1\ndataResidencyException:\n  approvedBy: SIRO\n  reference: DR-1\n  expires: "${nextYear}-03-31"\n`, 'x.yaml');
    expect(config.region).toBe('eu-west-1');
    expect(config.dataResidencyException).toEqual({ approvedBy: 'SIRO', reference: 'DR-1', expires: `${nextYear}-03-31` });
  });

  test('fails on a residency exception with no expiry, a passed one, or one for a UK region', () => {
    const exception = (expires: string) => `dataResidencyException:\n  approvedBy: SIRO\n  reference: DR-1\n${expires}`;
    expect(() => parseTrustConfig(`${base}region: eu-west-1\n${exception('')}`, 'x.yaml')).toThrow(/x\.yaml:6:3: dataResidencyException\.expires: is required/);
    expect(() => parseTrustConfig(`${base}region: eu-west-1\n${exception('  expires: "2020-01-31"\n')}`, 'x.yaml')).toThrow(
      /x\.yaml:8:12: dataResidencyException\.expires: has passed \(2020-01-31\): the approval expired, so synth would fail\./,
    );
    expect(() => parseTrustConfig(`${base}region: eu-west-1\n${exception('  expires: "2027-02-30"\n')}`, 'x.yaml')).toThrow(/dataResidencyException\.expires: must be an ISO date YYYY-MM-DD.*got '2027-02-30'/);
    expect(() => parseTrustConfig(`${base}${exception(`  expires: "${nextYear}-03-31"\n`)}`, 'x.yaml')).toThrow(/dataResidencyException: is only for a region outside the UK, and region is eu-west-2/);
  });

  test('never prints a secret found in a field it rejects: kind and length only', () => {
    const guid = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    expect(() => parseTrustConfig(`odsCode: RXX\nname: X\nenvironment: ${guid}\n`, 'x.yaml')).toThrow(
      /^x\.yaml:3:14: environment: must be one of dev, test, prod; got a GUID \(36 characters, redacted\)\.$/,
    );
  });

  test('fails on code-path props with the field named', () => {
    expect(() => resolveTrustConfig({ odsCode: 'RXX', name: 'X', environment: 'live' })).toThrow(/environment: must be one of dev, test, prod; got 'live'/);
  });
});
