import { parseTrustConfig } from '../../../lib/config/loader';
import { KEEP_SECRETS_IN_SECRETS_MANAGER } from '../../../constructs/logging/siem';
import { looksLikeSecretValue } from '../../../lib/config/siem';

const base = 'odsCode: RXX\nname: Example NHS Foundation Trust\nenvironment: prod\n';
const HEC_TOKEN = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

function parse(section: string) {
  return parseTrustConfig(`${base}${section}`, 'trusts/rxx.yaml');
}

/** The message validation gives for `section` (it must fail). */
function errorOf(section: string): string {
  try {
    parse(section);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected the config to be refused:\n${section}`);
}

describe('siem config', () => {
  test('defaults to no forwarding and every security service on', () => {
    // WHEN
    const config = parse('');
    // THEN
    expect(config.siem).toEqual({ destination: 'none' });
    expect(config.securityServices).toEqual({ guardDuty: { enabled: true }, securityHub: { enabled: true }, config: { enabled: true } });
  });

  test('accepts a Splunk destination with a secret name and leaves the log groups to the stack (every one it has)', () => {
    const config = parse('siem:\n  destination: splunk\n  endpoint: https://http-inputs-nhs.splunkcloud.com:443\n  secretName: rootstock/siem/hec-token\n');
    expect(config.siem).toEqual({
      destination: 'splunk',
      endpoint: 'https://http-inputs-nhs.splunkcloud.com:443',
      secretName: 'rootstock/siem/hec-token',
      endpointType: 'Event',
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
      /^trusts\/rxx\.yaml:6:13: siem\.endpoint: must be an https URL \(Firehose sends security logs only over TLS\).*; got 'http:\/\/splunk\.example\.nhs\.uk:8088'\.$/,
    );
  });

  test('fails on an endpoint that is not a URL', () => {
    expect(() => parse('siem:\n  destination: http\n  endpoint: splunk.example\n  secretName: hec\n')).toThrow(/siem\.endpoint: must be an https URL/);
  });

  test('fails on an http destination on a port other than 443', () => {
    expect(() => parse('siem:\n  destination: http\n  endpoint: https://siem.example.com:8443/ingest\n  secretName: hec\n')).toThrow(/siem\.endpoint: must use port 443/);
  });

  test('fails on credentials or a token in the endpoint URL, describing it by kind and length, never echoing it', () => {
    const withPassword = 'https://user:pw-s3cr3t@siem.example.com/';
    expect(errorOf(`siem:\n  destination: http\n  endpoint: ${withPassword}\n  secretName: hec\n`)).toBe(
      `trusts/rxx.yaml:6:13: siem.endpoint: must not carry credentials or a token; got a URL with credentials (${withPassword.length} characters, redacted). ${KEEP_SECRETS_IN_SECRETS_MANAGER}.`,
    );
    const withToken = `https://siem.example.com/?token=${HEC_TOKEN}`;
    const message = errorOf(`siem:\n  destination: http\n  endpoint: ${withToken}\n  secretName: hec\n`);
    expect(message).toMatch(/siem\.endpoint: must not carry credentials or a token; got a URL with a token in its query string \(68 characters, redacted\)/);
    expect(message).not.toContain(HEC_TOKEN);
  });

  test('fails on a malformed bucket ARN, naming the field', () => {
    for (const arn of ['central-security-logs', 'arn:aws:s3:eu-west-2:111122223333:central', 'arn:aws:s3:::Central_Logs', 'arn:aws:s3:::bucket/key']) {
      expect(() => parse(`siem:\n  destination: s3\n  bucketArn: "${arn}"\n`)).toThrow(/siem\.bucketArn: must be an S3 bucket ARN like arn:aws:s3:::central-security-logs .*; got '/);
    }
  });

  test('fails on a malformed KMS key ARN for the s3 destination', () => {
    expect(() => parse('siem:\n  destination: s3\n  bucketArn: arn:aws:s3:::central\n  kmsKeyArn: alias/central\n')).toThrow(/siem\.kmsKeyArn: must be a KMS key ARN/);
  });

  test('fails on an inline token under a secret-sounding key, saying to use Secrets Manager, never echoing it', () => {
    for (const key of ['token', 'hecToken', 'apiKey', 'password']) {
      const message = errorOf(`siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n  secretName: hec\n  ${key}: pa55-word-xyz\n`);
      expect(message).toBe(`trusts/rxx.yaml:8:${key.length + 5}: siem.${key}: looks like a secret; got a secret value (13 characters, redacted). ${KEEP_SECRETS_IN_SECRETS_MANAGER}.`);
    }
  });

  test('fails on a token-like value under an unexpected key (the HEC token as siem.hecToken)', () => {
    const message = errorOf(`siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n  secretName: hec\n  hec: ${HEC_TOKEN}\n`);
    expect(message).toMatch(/siem\.hec: looks like a secret; got a GUID \(36 characters, redacted\)\. Never put a secret .*Secrets Manager/);
    expect(message).not.toContain(HEC_TOKEN);
  });

  test('fails on the token or a JWT given as secretName, by kind and length only', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.c2lnbmF0dXJlLXZhbHVlLWhlcmUtYWJjZGVm';
    for (const [token, kind] of [[HEC_TOKEN, 'a GUID'], [jwt, 'a JWT']]) {
      const message = errorOf(`siem:\n  destination: splunk\n  endpoint: https://splunk.example.nhs.uk\n  secretName: ${token}\n`);
      expect(message).toBe(
        `trusts/rxx.yaml:7:15: siem.secretName: must be the name or ARN of the Secrets Manager secret holding the token, not the token itself; got ${kind} (${token.length} characters, redacted). ${KEEP_SECRETS_IN_SECRETS_MANAGER}.`,
      );
    }
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
    expect(looksLikeSecretValue('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(true);
    expect(looksLikeSecretValue('https://a:b@x.example.com')).toBe(true);
    expect(looksLikeSecretValue('https://x.example.com/ingest?api-version=2023-01-01')).toBe(false);
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
      /^trusts\/rxx\.yaml:6:5: securityServices\.securityHub\.reason: is required when securityHub is turned off: say why, in at least 10 characters .*; got none\.$/,
    );
  });

  test('fails on a reason too short to explain anything', () => {
    expect(() => parse('securityServices:\n  config:\n    enabled: false\n    reason: n/a\n')).toThrow(/securityServices\.config\.reason: is required when config is turned off: .*; got 'n\/a'\./);
  });

  test('fails on a reason given while the service is on', () => {
    expect(() => parse('securityServices:\n  config:\n    reason: Run centrally by the organisation\n')).toThrow(/securityServices\.config\.reason: is only for enabled: false/);
  });

  test('fails on an unknown service', () => {
    expect(() => parse('securityServices:\n  inspector: { enabled: true }\n')).toThrow(/securityServices\.inspector: unknown key/);
  });
});
