import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/elb/ELBListenerTLS12';
import { violationsOf } from '../harness';

const CERT_ARN = 'arn:aws:acm:eu-west-2:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const certificates = [elbv2.ListenerCertificate.fromArn(CERT_ARN)];
const ok = elbv2.ListenerAction.fixedResponse(200);

function alb(s: Stack): elbv2.ApplicationLoadBalancer {
  return new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 }), internetFacing: true });
}

describe('ELBListenerTLS12: load balancer listeners use TLS 1.2+ policies; HTTP listeners only redirect to HTTPS', () => {
  test('fails an HTTPS listener with the 2016-08 policy that allows TLS 1.0 (L2)', () => {
    expect(
      violationsOf(rule, (s) => alb(s).addListener('Https', { port: 443, certificates, sslPolicy: elbv2.SslPolicy.RECOMMENDED, defaultAction: ok })),
    ).toEqual(['Alb/Https/Resource']);
  });

  test('fails an HTTPS CfnListener without an explicit SslPolicy (L1)', () => {
    expect(
      violationsOf(rule, (s) => new elbv2.CfnListener(s, 'Listener', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-2:111111111111:loadbalancer/app/trust/0123456789abcdef',
        port: 443,
        protocol: 'HTTPS',
        certificates: [{ certificateArn: CERT_ARN }],
        defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
      })),
    ).toEqual(['Listener']);
  });

  test('fails an HTTP listener that serves content instead of redirecting (L2)', () => {
    expect(violationsOf(rule, (s) => alb(s).addListener('Http', { port: 80, defaultAction: ok }))).toEqual(['Alb/Http/Resource']);
  });

  test('fails an HTTP listener that redirects by default but has a rule serving plain HTTP (L1 listener rule)', () => {
    expect(
      violationsOf(rule, (s) => {
        const listener = alb(s).addListener('Http', {
          port: 80,
          defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
        });
        new elbv2.CfnListenerRule(s, 'Rule', {
          listenerArn: listener.listenerArn,
          priority: 1,
          conditions: [{ field: 'path-pattern', values: ['/health'] }],
          actions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
        });
      }),
    ).toEqual(['Alb/Http/Resource']);
  });

  test('fails a plain TCP network load balancer listener (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const nlb = new elbv2.NetworkLoadBalancer(s, 'Nlb', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 }) });
        nlb.addListener('Tcp', { port: 5432, defaultAction: elbv2.NetworkListenerAction.forward([new elbv2.NetworkTargetGroup(s, 'Targets', { port: 5432, vpc: nlb.vpc! })]) });
      }),
    ).toEqual(['Nlb/Tcp/Resource']);
  });

  test('fails a classic load balancer with an HTTP listener (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const lb = new elb.LoadBalancer(s, 'Classic', { vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 }), internetFacing: true });
        lb.addListener({ externalPort: 80 });
      }),
    ).toEqual(['Classic/Resource']);
  });

  test('passes an HTTPS listener with a TLS 1.3/1.2 policy and an HTTP listener that redirects (L2)', () => {
    expect(
      violationsOf(rule, (s) => {
        const lb = alb(s);
        lb.addListener('Https', { port: 443, certificates, sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, defaultAction: ok });
        lb.addRedirect({ sourcePort: 80, targetPort: 443 });
      }),
    ).toEqual([]);
  });

  test('passes a classic load balancer whose HTTPS listener uses a TLS 1.2 negotiation policy (L1)', () => {
    expect(
      violationsOf(rule, (s) => new elb.CfnLoadBalancer(s, 'Classic', {
        subnets: ['subnet-11111111'],
        listeners: [{ loadBalancerPort: '443', instancePort: '443', protocol: 'HTTPS', sslCertificateId: CERT_ARN, policyNames: ['Tls12'] }],
        policies: [
          {
            policyName: 'Tls12',
            policyType: 'SSLNegotiationPolicyType',
            attributes: [{ Name: 'Reference-Security-Policy', Value: 'ELBSecurityPolicy-TLS-1-2-2017-01' }],
          },
        ],
      })),
    ).toEqual([]);
  });

  test('does not apply to gateway load balancer listeners or to load balancers themselves', () => {
    expect(
      violationsOf(rule, (s) => {
        const gwlb = new elbv2.CfnLoadBalancer(s, 'Gateway', { type: 'gateway', subnets: ['subnet-11111111'] });
        new elbv2.CfnListener(s, 'Listener', {
          loadBalancerArn: gwlb.ref,
          defaultActions: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-2:111111111111:targetgroup/appliances/0123456789abcdef' }],
        });
      }),
    ).toEqual([]);
  });
});
