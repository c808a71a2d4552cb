import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  TrustExecutionPolicies,
  TrustOuGuardrails,
  TrustPermissionsBoundary,
  applyTrustPermissionsBoundary,
  trustServiceControlPolicies,
} from '../../../policies/guardrails';
import { loadTrustDir } from '../../../lib/config/loader';
import { TrustStack } from '../../../lib/trust-stack';
import { trustResourceTypes } from './trust-resource-types';

describe('TrustOuGuardrails: the SCPs as an organisation management stack uses them', () => {
  test('creates one SCP per document, attached to the given OUs, with the documents as content', () => {
    // GIVEN / WHEN
    const stack = new Stack(new App(), 'Org', { env: { account: '999988887777', region: 'us-east-1' } });
    new TrustOuGuardrails(stack, 'Guardrails', { targetIds: ['ou-ab12-cdef3456'] });
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Organizations::Policy', 2);
    for (const [name, content] of Object.entries(trustServiceControlPolicies())) {
      t.hasResourceProperties('AWS::Organizations::Policy', { Name: name, Type: 'SERVICE_CONTROL_POLICY', TargetIds: ['ou-ab12-cdef3456'], Content: content });
    }
  });

  test('fails without a target', () => {
    expect(() => new TrustOuGuardrails(new Stack(), 'G', { targetIds: [] })).toThrow(/'targetIds' must name at least one OU/);
  });
});

describe('TrustPermissionsBoundary and TrustExecutionPolicies: the bootstrap policies in a trust account', () => {
  test('name the policies as the bootstrap command expects and reference the account', () => {
    const stack = new Stack(new App(), 'Bootstrap');
    new TrustPermissionsBoundary(stack, 'Boundary');
    const exec = new TrustExecutionPolicies(stack, 'Execution', { resourceTypes: trustResourceTypes() });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'RootstockPermissionsBoundary' });
    expect(exec.policies.length).toBeGreaterThanOrEqual(1);
    exec.policies.forEach((_p, i) => t.hasResourceProperties('AWS::IAM::ManagedPolicy', { ManagedPolicyName: `RootstockCfnExecution${i + 1}` }));
  });
});

describe('applyTrustPermissionsBoundary: every role a trust stack creates', () => {
  const trusts = loadTrustDir(path.join(__dirname, '..', '..', '..', 'trusts'));
  const example = trusts.find((t) => t.config.odsCode === 'RXX');
  if (!example) throw new Error('trusts/example.yaml (RXX) is missing');
  type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  function synth(permissionsBoundaryName?: string): Resources {
    const stack = new TrustStack(new App(), 'Rootstock-RXX-prod', { trust: example!.config, permissionsBoundaryName });
    // Roles added after the stack is built are covered too (the aspect runs at synthesis).
    new iam.Role(stack, 'AddedLater', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    return Template.fromStack(stack).toJSON().Resources as Resources;
  }

  test.each(trusts.map((t) => [`${t.config.odsCode}-${t.config.environment}`, t] as const))('TrustStack %s: every IAM role carries the Rootstock boundary by default', (_name, t) => {
    // GIVEN / WHEN the trust's stack as the reference app builds it
    const resources = Template.fromStack(new TrustStack(new App(), 'Trust', { trust: t.config })).toJSON().Resources as Resources;
    // THEN no role is without the boundary the hardened execution policy requires
    const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User');
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, role] of roles) expect([id, JSON.stringify(role.Properties?.PermissionsBoundary ?? null)]).toEqual([id, expect.stringContaining(':policy/RootstockPermissionsBoundary"')]);
  });

  test('another boundary name changes only the roles, by the boundary alone, and no logical id', () => {
    // GIVEN the example trust (identity and FHIR on) with the default boundary and with another
    const defaults = synth();
    const other = synth('LandingZoneBoundary');
    // THEN the same resources, and only roles differ, by the boundary name alone
    expect(Object.keys(other).sort()).toEqual(Object.keys(defaults).sort());
    const roles = Object.entries(other).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(5);
    for (const [id, role] of roles) {
      expect([id, JSON.stringify(role.Properties?.PermissionsBoundary ?? null)]).toEqual([id, expect.stringContaining(':policy/LandingZoneBoundary"')]);
      expect(JSON.stringify(role.Properties).replace(/LandingZoneBoundary/g, 'RootstockPermissionsBoundary')).toEqual(JSON.stringify(defaults[id].Properties));
    }
    for (const [id, r] of Object.entries(other).filter(([, r]) => r.Type !== 'AWS::IAM::Role')) expect([id, r]).toEqual([id, defaults[id]]);
  });

  test('refuses a boundary name IAM would not accept', () => {
    expect(() => new TrustStack(new App(), 'T', { trust: example!.config, permissionsBoundaryName: 'no spaces allowed' })).toThrow(/'permissionsBoundaryName' must be an IAM policy name .* got 'no spaces allowed'/);
  });

  test('applied to any stack, sets the boundary on every role and user', () => {
    const stack = new Stack(new App(), 'Any');
    new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new iam.CfnUser(stack, 'U');
    applyTrustPermissionsBoundary(stack);
    const t = Template.fromStack(stack);
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::User']) {
      const [r] = Object.values(t.findResources(type)) as Array<{ Properties: { PermissionsBoundary: unknown } }>;
      expect(JSON.stringify(r.Properties.PermissionsBoundary)).toContain(':policy/RootstockPermissionsBoundary"');
    }
  });
});
