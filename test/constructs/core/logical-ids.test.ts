import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { keepReleasedLogicalIds } from '../../../constructs/core/logical-ids';

/** A construct that once held its queue and role directly, now composed of a part. */
class Part extends Construct {
  public readonly queue: sqs.Queue;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue');
    new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  }
}

describe('keepReleasedLogicalIds', () => {
  const logicalIds = (stack: Stack) => Object.keys(Template.fromStack(stack).toJSON().Resources).sort();

  test('a split-out part keeps the logical ids its resources had before the split', () => {
    // GIVEN the released shape: Host/Queue and Host/Role directly under the host
    const before = new Stack(new App(), 'S');
    const host = new Construct(before, 'Host');
    new sqs.Queue(host, 'Queue');
    new iam.Role(host, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // WHEN the same resources move into Host/Part and the host keeps their ids
    const after = new Stack(new App(), 'S');
    const part = new Part(new Construct(after, 'Host'), 'Part');
    keepReleasedLogicalIds(part);
    // THEN the templates hold the same logical ids (CDK's own algorithm, hash included)
    expect(logicalIds(after)).toEqual(logicalIds(before));
  });

  test('fails without it: the part id changes every logical id', () => {
    const before = new Stack(new App(), 'S');
    new sqs.Queue(new Construct(before, 'Host'), 'Queue');
    const after = new Stack(new App(), 'S');
    new Part(new Construct(after, 'Host'), 'Part');
    expect(logicalIds(after)).not.toContain(logicalIds(before)[0]);
  });

  test('covers resources added to the part after the call, and references follow the kept id', () => {
    // GIVEN a part whose ids are kept, and a policy added to it later by a grant
    const stack = new Stack(new App(), 'S');
    const part = new Part(new Construct(stack, 'Host'), 'Part');
    keepReleasedLogicalIds(part);
    const user = new iam.User(stack, 'Reader');
    part.queue.grantConsumeMessages(user);
    new sqs.Queue(part, 'Later');
    // THEN the later queue has the id it would have had directly under Host, and the grant refers to the kept queue id
    const template = Template.fromStack(stack).toJSON();
    const ids = Object.keys(template.Resources);
    const released = new Stack(new App(), 'S');
    const h = new Construct(released, 'Host');
    new sqs.Queue(h, 'Queue');
    new sqs.Queue(h, 'Later');
    for (const id of Object.keys(Template.fromStack(released).toJSON().Resources)) expect(ids).toContain(id);
    expect(JSON.stringify(template.Resources)).toContain(`"${Object.keys(Template.fromStack(released).toJSON().Resources).find((k) => k.startsWith('HostQueue'))}"`);
  });
});
