import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { KeyRing } from '../../../constructs/keys';

describe('KeyRing', () => {
  let template: Template;
  let ring: KeyRing;

  beforeAll(() => {
    // GIVEN a stack WHEN a key ring is added with an alias prefix
    const stack = new Stack(new App(), 'Test');
    ring = new KeyRing(stack, 'Keys', { aliasPrefix: 'alias/rootstock/RXX/test' });
    template = Template.fromStack(stack);
  });

  test('defines one rotating key per purpose, retained on delete', () => {
    // THEN there are three keys, all rotating and retained
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(3);
    for (const key of Object.values(keys)) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.Properties.PendingWindowInDays).toBe(30);
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('gives each key an alias naming its purpose', () => {
    for (const purpose of ['logs', 'data', 'backup']) {
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/rootstock/RXX/test/${purpose}` });
    }
  });

  test('exposes distinct keys through members and keyFor', () => {
    expect(new Set([ring.logsKey, ring.dataKey, ring.backupKey]).size).toBe(3);
    expect(ring.keyFor('logs')).toBe(ring.logsKey);
    expect(ring.keyFor('data')).toBe(ring.dataKey);
    expect(ring.keyFor('backup')).toBe(ring.backupKey);
  });

  test('key policies grant no AWS service anything until a construct uses the key', () => {
    const keys = template.findResources('AWS::KMS::Key');
    for (const key of Object.values(keys)) {
      const allows = key.Properties.KeyPolicy.Statement.filter((s: { Effect: string }) => s.Effect === 'Allow');
      const principals = allows.map((s: { Principal: Record<string, unknown> }) => Object.keys(s.Principal));
      expect(principals.flat()).toEqual(['AWS']);
    }
  });

  test('key policies deny grants except for AWS resources or AWS services (Control Tower CT.KMS.PR.3)', () => {
    const keys = template.findResources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(3);
    for (const key of Object.values(keys)) {
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'DenyGrantsExceptForAwsServices',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    }
  });

  test('works with no props (no aliases)', () => {
    const stack = new Stack(new App(), 'Minimal');
    new KeyRing(stack, 'Keys');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 3);
    t.resourceCountIs('AWS::KMS::Alias', 0);
    t.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('^Rootstock ') });
  });

  test('fails a pending window outside 7 to 30 days', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new KeyRing(stack, 'Keys', { pendingWindowDays: 3 })).toThrow("KeyRing Bad/Keys: 'pendingWindowDays' must be a whole number from 7 to 30 (KMS limits), got 3");
  });

  test('fails an alias prefix without alias/', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new KeyRing(stack, 'Keys', { aliasPrefix: 'rootstock/RXX' })).toThrow("KeyRing Bad/Keys: 'aliasPrefix' must start with 'alias/'");
  });

  test('fails an alias prefix in the AWS-reserved namespace', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new KeyRing(stack, 'Keys', { aliasPrefix: 'alias/aws/mine' })).toThrow("must not start with 'alias/aws/'");
  });
});
