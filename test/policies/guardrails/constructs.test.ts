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
  function synth(withBoundary: boolean): Template {
    const trusts = loadTrustDir(path.join(__dirname, '..', '..', '..', 'trusts'));
    const example = trusts.find((t) => t.config.odsCode === 'RXX');
    if (!example) throw new Error('trusts/example.yaml (RXX) is missing');
    const stack = new TrustStack(new App(), 'Rootstock-RXX-prod', { trust: example.config });
    // Roles added after the call are covered too (the aspect runs at synthesis).
    if (withBoundary) applyTrustPermissionsBoundary(stack);
    new iam.Role(stack, 'AddedLater', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    return Template.fromStack(stack);
  }

  test('sets the boundary on every role and changes no logical id', () => {
    // GIVEN the example trust (identity and FHIR on), with and without the boundary
    const before = synth(false).toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    const after = synth(true).toJSON().Resources as typeof before;
    // THEN the same resources, and only roles differ, by the boundary alone
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const roles = Object.entries(after).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(5);
    for (const [id, role] of roles) {
      expect([id, JSON.stringify(role.Properties?.PermissionsBoundary ?? null)]).toEqual([id, expect.stringContaining(':policy/RootstockPermissionsBoundary')]);
      const rest = { ...role.Properties };
      delete rest.PermissionsBoundary;
      expect(rest).toEqual(before[id].Properties ?? {});
    }
    const boundaries = new Set(roles.map(([, r]) => JSON.stringify(r.Properties?.PermissionsBoundary)));
    expect(boundaries.size).toBe(1);
    expect([...boundaries][0]).toContain(':policy/RootstockPermissionsBoundary');
  });
});
