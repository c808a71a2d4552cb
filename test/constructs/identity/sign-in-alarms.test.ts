import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ASSURANCE_REJECTED_EVENT, JWKS_FAILED_EVENT, PROXY_FAILURE_EVENTS, PROXY_INFO_EVENTS } from '../../../constructs/identity/runtime/log-events';
import { TrustIdentity, type TrustIdentityProps } from '../../../constructs/identity';
import { lambdaJsonLogLine, matchesTermPattern } from './support/filter-pattern';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function build(props: Partial<TrustIdentityProps> = {}) {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Alarms', { env: { account: '111122223333', region: 'eu-west-2' } });
  const identity = new TrustIdentity(stack, 'Identity', { logsKey: new kms.Key(stack, 'LogsKey'), domainPrefix: 'rxx', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' }, ...props });
  const template = Template.fromStack(stack);
  return { stack, identity, template, resources: template.toJSON().Resources as Resources };
}

const ref = (stack: Stack, c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as { logicalId: string }).logicalId) as string;

describe('SignInAlarms (in TrustIdentity)', () => {
  let topicStack: ReturnType<typeof build>;
  let topic: sns.Topic;

  beforeAll(() => {
    // GIVEN an alarm topic WHEN a TrustIdentity is built with it
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'WithTopic', { env: { account: '111122223333', region: 'eu-west-2' } });
    topic = new sns.Topic(stack, 'Topic');
    const identity = new TrustIdentity(stack, 'Identity', { logsKey: new kms.Key(stack, 'LogsKey'), alarmTopic: topic, domainPrefix: 'rxx', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' } });
    const template = Template.fromStack(stack);
    topicStack = { stack, identity, template, resources: template.toJSON().Resources as Resources };
  });

  test('four alarms notify the topic on alarm and on recovery: proxy errors, assurance rejections, JWKS failures, function errors', () => {
    // THEN
    const { stack, identity, template } = topicStack;
    const topicRef = { Ref: ref(stack, topic) };
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topicRef], OKActions: [topicRef], EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    const alarms = identity.alarms;
    expect([alarms.proxyErrorsAlarm, alarms.assuranceRejectionsAlarm, alarms.jwksFailuresAlarm, alarms.functionErrorsAlarm].map((a) => (a.node.defaultChild as cloudwatch.CfnAlarm).threshold)).toEqual([1, 10, 1, 1]);
  });

  test('each metric filter has its own alarm on its metric, over five minutes', () => {
    // THEN (one alarm per filter, on the filter's metric itself)
    const { resources } = topicStack;
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter').map((r) => (r.Properties.MetricTransformations as Array<{ MetricName: string; MetricNamespace: string }>)[0]);
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties as { MetricName?: string; Namespace?: string; Period?: number; Statistic?: string; AlarmDescription: string });
    expect(filters.map((f) => f.MetricName.split('-').pop())).toEqual(['ProxyFailures', 'AssuranceRejections', 'JwksFailures']);
    for (const f of filters) {
      const alarm = alarms.find((a) => a.MetricName === f.MetricName && a.Namespace === f.MetricNamespace);
      expect({ metric: f.MetricName, period: alarm?.Period, statistic: alarm?.Statistic }).toEqual({ metric: f.MetricName, period: 300, statistic: 'Sum' });
    }
    expect(filters[0].MetricName).toMatch(/^WithTopic-Identity-Alarms-[0-9A-F]{8}-ProxyFailures$/);
  });

  test('the function errors alarm adds errors and throttles of both functions', () => {
    // THEN
    const { stack, identity, template } = topicStack;
    const [proxy, jwks] = [identity.proxyFunction, identity.jwksFunction].map((fn) => [{ Name: 'FunctionName', Value: { Ref: ref(stack, fn) } }]);
    const stat = (id: string, metric: string, dims: unknown) => Match.objectLike({ Id: id, MetricStat: Match.objectLike({ Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: dims }, Period: 300, Stat: 'Sum' }) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      Metrics: [
        Match.objectLike({ Expression: 'FILL(proxyErrors, 0) + FILL(proxyThrottles, 0) + FILL(jwksErrors, 0) + FILL(jwksThrottles, 0)', ReturnData: true }),
        stat('proxyErrors', 'Errors', proxy),
        stat('proxyThrottles', 'Throttles', proxy),
        stat('jwksErrors', 'Errors', jwks),
        stat('jwksThrottles', 'Throttles', jwks),
      ],
    });
  });

  test('the metric filters watch the right log groups for exactly the runtime\'s events', () => {
    // THEN
    const { stack, identity, resources } = topicStack;
    const filters = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter').map((r) => r.Properties as { LogGroupName: unknown; FilterPattern: string; MetricTransformations: Array<{ MetricName: string }> });
    const byMetric = Object.fromEntries(filters.map((f) => [f.MetricTransformations[0].MetricName.split('-').pop(), f]));
    expect(Object.keys(byMetric).sort()).toEqual(['AssuranceRejections', 'JwksFailures', 'ProxyFailures']);
    expect(byMetric.ProxyFailures.LogGroupName).toEqual({ Ref: ref(stack, identity.proxy.proxyLogGroup) });
    expect(byMetric.AssuranceRejections.LogGroupName).toEqual({ Ref: ref(stack, identity.proxy.proxyLogGroup) });
    expect(byMetric.JwksFailures.LogGroupName).toEqual({ Ref: ref(stack, identity.proxy.jwksLogGroup) });
    // Each failure event, written as Lambda writes it, is counted by the failure filter and by no other.
    for (const event of PROXY_FAILURE_EVENTS) {
      const line = lambdaJsonLogLine(JSON.stringify({ event, provider: 'cis2', message: 'x' }));
      expect({ event, proxy: matchesTermPattern(byMetric.ProxyFailures.FilterPattern, line), assurance: matchesTermPattern(byMetric.AssuranceRejections.FilterPattern, line) }).toEqual({ event, proxy: true, assurance: false });
    }
    expect(matchesTermPattern(byMetric.AssuranceRejections.FilterPattern, lambdaJsonLogLine(JSON.stringify({ event: ASSURANCE_REJECTED_EVENT, acr: 'AAL2_ANY' })))).toBe(true);
    expect(matchesTermPattern(byMetric.JwksFailures.FilterPattern, lambdaJsonLogLine(JSON.stringify({ event: JWKS_FAILED_EVENT })))).toBe(true);
    // Normal operation and the caller's own mistakes raise nothing.
    for (const event of [...PROXY_INFO_EVENTS]) {
      const line = lambdaJsonLogLine(JSON.stringify({ event, provider: 'cis2' }));
      expect({ event, counted: filters.some((f) => matchesTermPattern(f.FilterPattern, line)) }).toEqual({ event, counted: false });
    }
  });

  test('takes the assurance rejection threshold given', () => {
    // GIVEN a trust with many citizen sign-ins WHEN the threshold is raised THEN
    build({ assuranceRejectionAlarmThreshold: 50 }).template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 50, AlarmDescription: Match.stringLikeRegexp('^At least 50 sign-ins') });
  });

  test('without a topic the alarms are defined with no action (the packs then report them)', () => {
    // GIVEN no alarm topic WHEN built THEN
    const { template } = build();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent(), OKActions: Match.absent() });
  });

  test('two identities in one account never share a metric', () => {
    // GIVEN two stacks of one app WHEN each has an identity
    const app = new App({ builtinCloudFormationValidation: false });
    const stacks = ['A', 'B'].map((id) => {
      const stack = new Stack(app, id);
      new TrustIdentity(stack, 'Identity', { logsKey: new kms.Key(stack, 'K'), domainPrefix: 'rxx', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' } });
      return stack;
    });
    const names = stacks.map((stack) => Object.values(Template.fromStack(stack).findResources('AWS::Logs::MetricFilter')).map((f) => f.Properties.MetricTransformations[0].MetricName as string));
    // THEN
    expect(names.map((n) => n.length)).toEqual([3, 3]);
    expect(names[0].filter((n) => names[1].includes(n))).toEqual([]);
  });

  test('the pattern matcher used here fails on shapes it does not know', () => {
    expect(() => matchesTermPattern('{ $.event = "x" }', '{}')).toThrow(/not a quoted-term pattern/);
    expect(matchesTermPattern('?"a.b" ?"c"', 'xx c')).toBe(true);
    expect(matchesTermPattern('"a.b"', 'a-b')).toBe(false);
  });
});
