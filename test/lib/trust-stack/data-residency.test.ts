import { App, Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { residencyRuleId, TrustStack } from '../../../lib/trust-stack';
import { parseAcknowledgementReason, unacknowledgedFindings } from '../../../policies/acknowledge';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';

const nextYear = new Date().getUTCFullYear() + 1;
const trust = {
  odsCode: 'RXD',
  name: 'Example Residency Exception NHS Trust',
  environment: 'dev' as const,
  region: 'eu-west-1',
  dataResidencyException: { approvedBy: 'J Smith, SIRO', reference: 'DPIA-2025-017', expires: `${nextYear}-03-31` },
};

describe('data residency exception', () => {
  test('acknowledges exactly the residency findings of its region, with the reference, approver and expiry from config', () => {
    // GIVEN a trust in eu-west-1 with a recorded exception
    const stack = new TrustStack(new App(), 'Trust', { trust });
    // THEN the stack carries one pack acknowledgement: that rule, that region (CDK's own schema validation notes aside)
    const acks = stack.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([id]) => !id.startsWith('CloudFormation-Validate::'));
    expect(acks.map(([id]) => id)).toEqual([`NhsTrustChecks::${residencyRuleId('eu-west-1')}`]);
    expect(parseAcknowledgementReason(acks[0][1])).toEqual({
      reason: expect.stringMatching(/^Data at rest in eu-west-1, outside the UK, under the approved data residency exception DPIA-2025-017 /),
      approvedBy: 'J Smith, SIRO',
      expires: `${nextYear}-03-31`,
    });
    // AND the NHS pack raises those findings and leaves none open
    const pack = new NhsTrustChecks();
    const raised = pack.validateScope(stack).violations.map((v) => v.ruleName);
    expect(raised).toContain('NHS-ResidencyRegionReferencesUk[eu-west-1]');
    expect(unacknowledgedFindings(stack, [pack])).toEqual([]);
  });

  test('does not cover another region a resource names', () => {
    // GIVEN the same trust WHEN a resource names us-east-1
    const stack = new TrustStack(new App(), 'Trust', { trust });
    new sns.Subscription(stack, 'Elsewhere', { topic: sns.Topic.fromTopicArn(stack, 'Far', 'arn:aws:sns:us-east-1:111122223333:far'), protocol: sns.SubscriptionProtocol.EMAIL, endpoint: 'a@example.nhs.uk' });
    // THEN that finding stays open
    expect(unacknowledgedFindings(stack, [new NhsTrustChecks()]).map((f) => f.ruleId)).toContain('NHS-ResidencyRegionReferencesUk[us-east-1]');
  });

  test('a non-UK region without an exception is refused before any resource is built', () => {
    expect(() => new TrustStack(new App(), 'Trust', { trust: { ...trust, dataResidencyException: undefined } })).toThrow(/region: is not a UK region.*dataResidencyException: \{ approvedBy, reference, expires \}/);
  });
});
