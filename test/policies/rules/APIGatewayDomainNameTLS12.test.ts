import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { Stack } from 'aws-cdk-lib';
import rule from '../../../policies/rules/apigateway/APIGatewayDomainNameTLS12';
import { violationsOf } from '../harness';

const CERT_ARN = 'arn:aws:acm:eu-west-2:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const certificate = (s: Stack) => acm.Certificate.fromCertificateArn(s, 'Cert', CERT_ARN);

describe('APIGatewayDomainNameTLS12: API Gateway custom domain names require TLS 1.2 or above', () => {
  test('fails a REST domain name with TLS_1_0 (L2)', () => {
    expect(
      violationsOf(rule, (s) => new apigateway.DomainName(s, 'Domain', {
        domainName: 'api.rh8.nhs.uk',
        certificate: certificate(s),
        securityPolicy: apigateway.SecurityPolicy.TLS_1_0,
      })),
    ).toEqual(['Domain/Resource']);
  });

  test('fails a CfnDomainName without a security policy (L1)', () => {
    expect(
      violationsOf(rule, (s) => new apigateway.CfnDomainName(s, 'Domain', { domainName: 'api.rh8.nhs.uk', regionalCertificateArn: CERT_ARN })),
    ).toEqual(['Domain']);
  });

  test('fails an HTTP API domain name without an explicit security policy (L2 apigatewayv2)', () => {
    expect(
      violationsOf(rule, (s) => new apigwv2.DomainName(s, 'Domain', { domainName: 'api.rh8.nhs.uk', certificate: certificate(s) })),
    ).toEqual(['Domain/Resource']);
  });

  test('fails an apigatewayv2 CfnDomainName with TLS_1_0 (L1)', () => {
    expect(
      violationsOf(rule, (s) => new apigwv2.CfnDomainName(s, 'Domain', {
        domainName: 'api.rh8.nhs.uk',
        domainNameConfigurations: [{ certificateArn: CERT_ARN, securityPolicy: 'TLS_1_0' }],
      })),
    ).toEqual(['Domain']);
  });

  test('passes TLS_1_2, an enhanced TLS 1.3 policy and an HTTP API domain with TLS_1_2', () => {
    expect(
      violationsOf(rule, (s) => {
        const cert = certificate(s);
        new apigateway.DomainName(s, 'Rest', { domainName: 'api.rh8.nhs.uk', certificate: cert, securityPolicy: apigateway.SecurityPolicy.TLS_1_2 });
        new apigateway.DomainName(s, 'Enhanced', {
          domainName: 'fhir.rh8.nhs.uk',
          certificate: cert,
          securityPolicy: apigateway.SecurityPolicy.TLS13_1_3_2025_09,
          endpointType: apigateway.EndpointType.REGIONAL,
          endpointAccessMode: apigateway.EndpointAccessMode.STRICT,
        });
        new apigwv2.DomainName(s, 'Http', { domainName: 'app.rh8.nhs.uk', certificate: cert, securityPolicy: apigwv2.SecurityPolicy.TLS_1_2 });
      }),
    ).toEqual([]);
  });

  test('does not apply to other API Gateway resources', () => {
    expect(
      violationsOf(rule, (s) => {
        const api = new apigateway.RestApi(s, 'Api');
        api.root.addMethod('GET');
      }),
    ).toEqual([]);
  });
});
