import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { keepReleasedApiLogicalIds, uniqueNameBelow } from '../../../constructs/fhir/released-ids';
import { TrustStack } from '../../../lib/trust-stack';
import { loadTrustDir } from '../../../lib/config/loader';

/** A REST API with a Lambda authoriser and proxy in a VPC: every kind of generated name the split must keep. */
function api(scope: Construct, vpc: ec2.IVpc, authorizerName?: string): void {
  const fn = (id: string) => new lambda.Function(scope, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=()=>{}'), vpc });
  const authoriser = new apigw.RequestAuthorizer(scope, 'TokenAuthoriser', { handler: fn('Authoriser'), identitySources: [apigw.IdentitySource.header('Authorization')], authorizerName });
  const rest = new apigw.RestApi(scope, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'fhir' } });
  rest.root.addResource('{proxy+}').addMethod('GET', new apigw.LambdaIntegration(fn('Proxy')), { authorizer: authoriser });
}

/** Both shapes under path metadata, as the CDK CLI synthesises them (the deployment hash includes it). */
function stacks() {
  const make = () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:enable-path-metadata': true } }), 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
    return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 1 }) };
  };
  // GIVEN the released shape: everything directly below 'Fhir'
  const before = make();
  api(new Construct(before.stack, 'Fhir'), before.vpc);
  // AND the split shape: the same below 'Fhir/Gateway', kept with keepReleasedApiLogicalIds
  const after = make();
  const fhir = new Construct(after.stack, 'Fhir');
  const gateway = new Construct(fhir, 'Gateway');
  api(gateway, after.vpc, uniqueNameBelow(fhir, 'TokenAuthoriser'));
  keepReleasedApiLogicalIds(gateway);
  return { before: before.stack, after: after.stack };
}

const withoutPaths = (t: Record<string, unknown>) => JSON.parse(JSON.stringify(t, (k, v) => (k === 'aws:cdk:path' || k === 'Metadata' && !Object.keys(v).length ? undefined : v)));

describe('keepReleasedApiLogicalIds', () => {
  test('a REST API moved into a part keeps every logical id, permission id, security group description and deployment hash', () => {
    // WHEN both are synthesised
    const { before, after } = stacks();
    const [a, b] = [before, after].map((s) => withoutPaths(Template.fromStack(s).toJSON()));
    // THEN the templates are identical resource for resource
    expect(Object.keys(b.Resources).sort()).toEqual(Object.keys(a.Resources).sort());
    expect(b.Resources).toEqual(a.Resources);
    expect(Object.keys(a.Resources).some((k) => k.startsWith('FhirApiDeployment'))).toBe(true);
  });

  test('fails without it: the same move renames the resources', () => {
    const app = new App();
    const stack = new Stack(app, 'Trust', { env: { account: '111122223333', region: 'eu-west-2' } });
    api(new Construct(new Construct(stack, 'Fhir'), 'Gateway'), new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 1 }));
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources)).not.toContain('FhirApi3BBB1E9B');
  });
});

describe('the example trust keeps the FHIR store logical ids it was released under', () => {
  test('every FHIR resource of the baseline is still there with the same logical id and type', () => {
    // GIVEN the released template of the example trust
    const baseline = JSON.parse(fs.readFileSync(path.join(__dirname, '../../baselines/Rootstock-RXX-prod.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    // WHEN the example trust is built today
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
    const [example] = loadTrustDir(path.join(__dirname, '../../../trusts')).filter((t) => t.config.odsCode === 'RXX');
    const now = Template.fromStack(new TrustStack(app, 'Rootstock-RXX-prod', { trust: example.config })).toJSON() as { Resources: Record<string, { Type: string }> };
    // THEN each released FHIR resource keeps its logical id; the deployment keeps its base id (its
    // hash suffix follows the API definition, so a changed API is deployed again)
    const released = Object.entries(baseline.Resources).filter(([id]) => id.startsWith('Fhir'));
    expect(released.length).toBeGreaterThan(40);
    const deployment = /^(FhirApiDeployment[0-9A-F]{8})[0-9a-f]{32}$/;
    for (const [id, r] of released) {
      const m = deployment.exec(id);
      const match = m ? Object.keys(now.Resources).find((k) => k.startsWith(m[1]) && deployment.test(k)) : id;
      expect({ id, type: match ? now.Resources[match]?.Type : undefined }).toEqual({ id, type: r.Type });
    }
  });
});
