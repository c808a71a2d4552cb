import { parseTrustConfig } from '../../../lib/config/loader';
import { looksLikeSecretValue, SIEM_LOG_GROUPS } from '../../../lib/config/siem';

const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';
const HEC_TOKEN = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

function parse(section: string) {
  return parseTrustConfig(`${base}${section}`, 'trusts/rxx.yaml');
}

describe('siem config', () => {
  test('defaults to no forwarding and every security service on', () => {
    // WHEN
    const config = parse('');
    // THEN
    expect(config.siem).toEqual({ destination: 'none' });
    expect(config.securityServices).toEqual({ guardDuty: { enabled: true }, securityHub: { enabled: true }, config: { enabled: true } });
  });

  test('accepts a Splunk destination with a secret name and defaults the log groups to all', () => {
    const config = parse('siem:\n  destination: splunk\n  endpoint: https://http-inputs-nhs.splunkcloud.com:443\n  secretName: rootstock/siem/hec-token\n');
    expect(config.siem).toEqual({
      destination: 'splunk',
      endpoint: 'https://http-inputs-nhs.splunkcloud.com:443',
      secretName: 'rootstock/siem/hec-token',
      endpointType: 'Event',
      logGroups: [...SIEM_LOG_GROUPS],
    });
  });

  test('accepts an http destination with a secret ARN and chosen log groups', () => {
    const config = parse(
      'siem:\n  destination: http\n  endpoint: https://dce.example.com/ingest?api-version=2023-01-01\n' +
        '  secretName: arn:aws:secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/key-AbCdEf\n  logGroups: [trail, findings]\n',
    );
    expect(config.siem).toMatchObject({ destination: 'http', logGroups: ['trail', 'findings'] });
  });

  test('accepts a cross-account s3 destination', () => {
    const config = parse('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central-security-logs\n');
    expect(config.siem).toMatchObject({ destination: 's3', bucketArn: 'arn:aws:s3:::central-security-logs' });
  });

  test('fails on an http:// endpoint, naming the field and saying https only', () => {
    expect(() => parse('siem:\n  destination: splunk\n  endpoint: http://splunk.example.nhs.uk:8088\n  secretName: hec\n')).toThrow(
      /^trusts\/rxx\.yaml:6:13: siem\.endpoint: must use https:\/\/ .*got 'http:\/\/splunk\.example\.nhs\.uk:8088'\.$/,
    );
  });

  test('fails on an endpoint that is not a URL', () => {
    expect(() => parse('siem:\n  destination: http\n  endpoint: splunk.example\n  secretName: hec\n')).toThrow(/siem\.endpoint: must be an https:\/\/ URL/);
  });

  test('fails on an http destination on a port other than 443', () => {
    expect(() => parse('siem:\n  destination: http\n  endpoint: https://siem.example.com:8443/ingest\n  secretName: hec\n')).toThrow(/siem\.endpoint: must use port 443/);
  });

  test('fails on credentials or a token in the endpoint URL', () => {
    expect(() => parse('siem:\n  destination: http\n  endpoint: https://user:pw@siem.example.com/\n  secretName: hec\n')).toThrow(
      /siem\.endpoint: must not carry credentials in the URL: .*Secrets Manager/,
    );
    expect(() => parse(`siem:\n  destination: http\n  endpoint: https://siem.example.com/?token=${HEC_TOKEN}\n  secretName: hec\n`)).toThrow(
      /siem\.endpoint: must not carry a token in its query string/,
    );
  });

  test('fails on a malformed bucket ARN, naming the field', () => {
    for (const arn of ['central-security-logs', 'arn:aws:s3:eu-west-2:111122223333:central', 'arn:aws:s3:::Central_Logs', 'arn:aws:s3:::bucket/key']) {
      expect(() => parse(`siem:\n  destination: s3\n  bucketArn: "${arn}"\n`)).toThrow(/siem\.bucketArn: must be an S3 bucket ARN like arn:aws:s3:::central-security-logs/);
    }
  });

  test('fails on a malformed KMS key ARN for the s3 destination', () => {
    expect(() => parse('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central\n  kmsKeyArn: alias/central\n')).toThrow(/siem\.kmsKeyArn: must be a KMS key ARN/);
  });

  test('fails on an inline token under a secret-sounding key, saying to use Secrets Manager', () => {
    for (const key of ['token', 'hecToken', 'apiKey', 'password']) {
      expect(() => parse(`siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n  secretName: hec\n  ${key}: x\n`)).toThrow(
        new RegExp(`siem\\.${key}: looks like a secret value: never put a secret in the trust config: store the token or key in AWS Secrets Manager and give its name or ARN as secretName`),
      );
    }
  });

  test('fails on a token-like value under an unexpected key', () => {
    expect(() => parse(`siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n  secretName: hec\n  hec: ${HEC_TOKEN}\n`)).toThrow(
      /siem\.hec: looks like a secret value: .*Secrets Manager/,
    );
  });

  test('fails on the token given as secretName', () => {
    expect(() => parse(`siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n  secretName: ${HEC_TOKEN}\n`)).toThrow(
      /siem\.secretName: looks like the token itself, not the name of the secret holding it/,
    );
  });

  test('fails on a Splunk destination without a secret name', () => {
    expect(() => parse('siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n')).toThrow(/siem\.secretName: is required/);
  });

  test('fails on an unknown destination and on an unknown key, listing what is allowed', () => {
    expect(() => parse('siem:\n  destination: sentinel\n')).toThrow(/siem\.destination: must be one of splunk, http, s3, none; got 'sentinel'/);
    expect(() => parse('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central\n  bucket: central\n')).toThrow(
      /siem\.bucket: is not a siem setting; allowed here: destination, bucketArn, kmsKeyArn, logGroups/,
    );
  });

  test('fails on an unknown or repeated log group', () => {
    expect(() => parse('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central\n  logGroups: [trail, vpc]\n')).toThrow(
      /siem\.logGroups\.1: must be one of trail, flowLogs, fhirAudit, apiAccess, findings/,
    );
    expect(() => parse('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central\n  logGroups: [trail, trail]\n')).toThrow(/siem\.logGroups: must not name a log group twice/);
  });

  test('tells secret-looking values from names', () => {
    expect(looksLikeSecretValue(HEC_TOKEN)).toBe(true);
    expect(looksLikeSecretValue('dGhpc2lzYXNlY3JldGtleTEyMzQ1Njc4OTA=')).toBe(true);
    expect(looksLikeSecretValue('rootstock/siem/hec-token')).toBe(false);
    expect(looksLikeSecretValue('prod-siem-token-2024-abcdef')).toBe(false);
    expect(looksLikeSecretValue('arn:aws:secretsmanager:eu-west-2:111122223333:secret:rootstock/siem/hec-token-AbCdEf')).toBe(false);
  });
});

describe('securityServices config', () => {
  test('accepts a service turned off with a reason', () => {
    const config = parse('securityServices:\n  guardDuty:\n    enabled: false\n    reason: Run centrally by the ICS security account 111122223333\n');
    expect(config.securityServices.guardDuty).toEqual({ enabled: false, reason: 'Run centrally by the ICS security account 111122223333' });
    expect(config.securityServices.securityHub).toEqual({ enabled: true });
  });

  test('fails on a service turned off without a reason, naming the field', () => {
    expect(() => parse('securityServices:\n  securityHub:\n    enabled: false\n')).toThrow(
      /^trusts\/rxx\.yaml:6:5: securityServices\.securityHub\.reason: is required when enabled is false: say why Security Hub is off.*got nothing\.$/,
    );
  });

  test('fails on a reason too short to explain anything', () => {
    expect(() => parse('securityServices:\n  config:\n    enabled: false\n    reason: n/a\n')).toThrow(/securityServices\.config\.reason: is required when enabled is false/);
  });

  test('fails on a reason given while the service is on', () => {
    expect(() => parse('securityServices:\n  config:\n    reason: Run centrally by the organisation\n')).toThrow(/securityServices\.config\.reason: is only for enabled: false/);
  });

  test('fails on an unknown service', () => {
    expect(() => parse('securityServices:\n  inspector: { enabled: true }\n')).toThrow(/securityServices\.inspector: unknown key/);
  });
});
