import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { NhsTrustChecks } from '../../../policies/nhs-trust-checks';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ConstructPropsError } from '../../../constructs/core/errors';
import { CIS2_ISSUERS, NHS_LOGIN_ISSUERS, TrustIdentity, trustIdentityProblems, type TrustIdentityProps } from '../../../constructs/identity';
import { applyDesignFindings } from '../../../lib/trust-stack/design-findings';
import { identitySettings } from '../../../lib/trust-stack/identity';
import { loadTrustFile } from '../../../lib/config/loader';

function logsKey(stack: Stack): kms.Key {
  const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  key.addToResourcePolicy(
    new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('logs.eu-west-2.amazonaws.com')], actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], resources: ['*'] }),
  );
  return key;
}

// Unit tests skip CloudFormation schema validation (about 3 s a synth); `npm run synth` runs it.
function build(props: Partial<TrustIdentityProps> = {}): { stack: Stack; identity: TrustIdentity } {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test', { env: { account: '111122223333', region: 'eu-west-2' } });
  const identity = new TrustIdentity(stack, 'Identity', {
    logsKey: logsKey(stack),
    domainPrefix: 'rxx-prod-identity',
    callbackUrls: ['https://app.example.nhs.uk/callback'],
    cis2: { environment: 'int', clientId: 'cis2-client-id' },
    ...props,
  });
  return { stack, identity };
}

describe('TrustIdentity', () => {
  let template: Template;
  let both: Template;

  beforeAll(() => {
    // GIVEN CIS2 alone with every default, and GIVEN both providers with settings WHEN synthesised
    template = Template.fromStack(build().stack);
    both = Template.fromStack(
      build({ nhsLogin: { environment: 'sandpit', clientId: 'nhs-login-client' }, cis2: { environment: 'production', clientId: 'cis2-prod', requiredAal: 'AAL2_OR_AAL3_ANY', promptLogin: true }, signingKeyVersions: ['1', '2'] }).stack,
    );
  });

  test('the user pool requires MFA (TOTP), a strong password, no self sign-up, threat protection, deletion protection, and is retained', () => {
    // THEN
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'rxx-prod-identity' });
  });

  test('the app client allows only the authorization code flow, with short tokens, revocation and no user-existence errors', () => {
    // THEN
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      CallbackURLs: ['https://app.example.nhs.uk/callback'],
      SupportedIdentityProviders: [{ Ref: Match.stringLikeRegexp('^IdentityCis2') }],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    for (const c of Object.values(clients)) expect(c.Properties.AllowedOAuthFlows).not.toContain('implicit');
  });

  test('the CIS2 provider uses the INT issuer, the proxy for every endpoint, the CIS2 scopes and attribute mapping', () => {
    // THEN
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'NHSCIS2',
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({
        client_id: 'cis2-client-id',
        client_secret: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('resolve:secretsmanager')])]) }),
        oidc_issuer: CIS2_ISSUERS.int,
        authorize_scopes: 'openid profile nationalrbacaccess associatedorgs',
        authorize_url: { 'Fn::Join': ['', [Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('IdentityApi'), 'ApiEndpoint'] }), '/cis2/authorize']] },
        token_url: { 'Fn::Join': ['', [Match.anyValue(), '/cis2/token']] },
        attributes_url: { 'Fn::Join': ['', [Match.anyValue(), '/cis2/userinfo']] },
        jwks_uri: { 'Fn::Join': ['', [Match.anyValue(), '/cis2/jwks']] },
      }),
      AttributeMapping: Match.objectLike({ 'custom:nhsid_useruid': 'nhsid_useruid', 'custom:nhsid_roles': 'nhsid_nrbac_roles', 'custom:nhsid_orgs': 'nhsid_user_orgs' }),
    });
  });

  test('the NHS login provider uses its issuer and proxy endpoints when configured', () => {
    // THEN
    both.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'NHSLogin',
      ProviderDetails: Match.objectLike({ oidc_issuer: NHS_LOGIN_ISSUERS.sandpit, authorize_scopes: 'openid profile', token_url: { 'Fn::Join': ['', [Match.anyValue(), '/nhs-login/token']] } }),
      AttributeMapping: Match.objectLike({ 'custom:nhs_number': 'nhs_number', 'custom:assurance': 'vot' }),
    });
    both.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'NHSCIS2', ProviderDetails: Match.objectLike({ oidc_issuer: CIS2_ISSUERS.production }) });
    both.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: [{ Ref: Match.stringLikeRegexp('^IdentityCis2') }, { Ref: Match.stringLikeRegexp('^IdentityNhsLogin') }] });
  });

  test('each function has its own role with one customer-managed policy (no inline or AWS managed policies), on Node.js 24 with reserved concurrency', () => {
    // THEN
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(2);
    for (const r of Object.values(roles)) {
      expect(r.Properties.ManagedPolicyArns).toBeUndefined();
      expect(r.Properties.Policies).toBeUndefined();
    }
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 2);
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PROVIDERS: Match.anyValue() }) }, ReservedConcurrentExecutions: 10 });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PUBLISHED_KEY_IDS: Match.anyValue() }) }, ReservedConcurrentExecutions: 2 });
  });

  test('in a VPC the functions use private subnets and a security group allowing outbound HTTPS only', () => {
    // GIVEN
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'InVpc', { env: { account: '111122223333', region: 'eu-west-2' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    // WHEN
    const identity = new TrustIdentity(stack, 'Identity', { logsKey: logsKey(stack), vpc, domainPrefix: 'rxx', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' } });
    // THEN
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('outbound HTTPS only'),
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
    });
    t.allResourcesProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet') }]), SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('IdentityFunctionSecurityGroup'), 'GroupId'] }] },
    });
    expect(identity.securityGroup).toBeDefined();
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface']), Resource: '*' })]) } });
  });

  test('the signing key is an RSA SIGN_VERIFY KMS key, retained; the proxy may only Sign with it', () => {
    // THEN
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('IdentityProxyRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'kms:Sign', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('IdentitySigningKey1'), 'Arn'] } }]) },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('IdentityJwksRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'kms:GetPublicKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('IdentitySigningKey1'), 'Arn'] } }]) },
    });
  });

  test('the proxy is configured with the provider, required AAL and current key; the JWKS publishes every key generation', () => {
    // THEN
    both.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SIGNING_KEY_ID: { Ref: Match.stringLikeRegexp('IdentitySigningKey2') } }) },
    });
    const fns = both.findResources('AWS::Lambda::Function');
    const proxyEnv = Object.values(fns).map((f) => f.Properties.Environment?.Variables?.PROVIDERS).find(Boolean);
    const providers = JSON.stringify(proxyEnv);
    expect(providers).toContain('\\"requiredAal\\":\\"AAL2_OR_AAL3_ANY\\"');
    expect(providers).toContain('\\"vectorOfTrust\\":\\"P9.Cp.Cd\\"');
    expect(providers).toContain('\\"promptLogin\\":true');
    both.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { PUBLISHED_KEY_IDS: { 'Fn::Join': ['', ['["', { Ref: Match.stringLikeRegexp('IdentitySigningKey1') }, '","', { Ref: Match.stringLikeRegexp('IdentitySigningKey2') }, '"]']] } } },
    });
    both.resourcePropertiesCountIs('AWS::KMS::Key', { KeyUsage: 'SIGN_VERIFY' }, 2);
  });

  test('the HTTP API routes the proxy and the JWKS, with throttling and access logs', () => {
    // THEN
    for (const route of ['GET /cis2/authorize', 'POST /cis2/token', 'GET /cis2/userinfo', 'POST /cis2/userinfo', 'GET /cis2/jwks', 'GET /.well-known/jwks.json']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  test('every log group is encrypted with the logs key, kept 400 days and retained', () => {
    // THEN
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups)).toHaveLength(3);
    for (const g of Object.values(groups)) {
      expect(g.DeletionPolicy).toBe('Retain');
      expect(g.Properties.RetentionInDays).toBe(400);
      expect(g.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] });
    }
  });

  test('the Cognito client secrets live in Secrets Manager, retained, readable by the proxy', () => {
    // THEN
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) }) });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('IdentityProxyRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('IdentityCis2ClientSecret') } }]) },
    });
  });

  test('the client secrets are encrypted with secretsKey when given', () => {
    // GIVEN
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'WithKey', { env: { account: '111122223333', region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
    // WHEN
    const identity = new TrustIdentity(stack, 'Identity', { logsKey: logsKey(stack), secretsKey: key, domainPrefix: 'rxx', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' } });
    // THEN
    expect(identity.clientSecrets.cis2?.encryptionKey).toBe(key);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'kms:Decrypt', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] }, Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-2.amazonaws.com' } } }]) },
    });
  });

  test('the JWKS URL and redirect URI are stack outputs', () => {
    // THEN
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).some((k) => k.startsWith('IdentityJwksUrl'))).toBe(true);
    expect(Object.keys(outputs).some((k) => k.startsWith('IdentityRedirectUri'))).toBe(true);
  });

  test('in a VPC, passes the AwsSolutions, NHS, HIPAA and NIST 800-53 R5 packs; the by-design findings are acknowledged with reasons', () => {
    // GIVEN an identity in a VPC with the trust's alarm topic
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-nag-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Nag', { env: { account: '111122223333', region: 'eu-west-2' } });
    const dataKey = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const alarmTopic = new sns.Topic(stack, 'Alarms', { masterKey: dataKey, enforceSSL: true });
    const identity = new TrustIdentity(stack, 'Identity', { logsKey: logsKey(stack), secretsKey: dataKey, vpc, alarmTopic, domainPrefix: 'rxx', callbackUrls: ['https://a.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' }, nhsLogin: { environment: 'sandpit', clientId: 'd' } });
    // the findings the construct records, applied as TrustStack applies them
    applyDesignFindings(identity, { approvedBy: 'Test reviewer', expires: '2099-12-31' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NhsTrustChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app));
    // WHEN
    try {
      app.synth();
    } catch {
      // a failed validation still writes the report, read below
    }
    // THEN (the test VPC's own findings are not ours)
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const ours = report.pluginReports.flatMap((p: { violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }> }) =>
      p.violations.flatMap((v) => v.violatingConstructs.filter((c) => c.constructPath.startsWith('Nag/Identity/')).map((c) => `${v.ruleName} ${c.constructPath}`)),
    );
    expect(ours).toEqual([]);
    const acknowledged = report.pluginReports.flatMap((p: { suppressedViolations?: Array<{ acknowledgedId: string; reason: string }> }) => p.suppressedViolations ?? []);
    expect(new Set(acknowledged.map((v: { acknowledgedId: string }) => v.acknowledgedId))).toEqual(
      new Set([
        'AwsSolutions::AwsSolutions-APIG4',
        'AwsSolutions::AwsSolutions-SMG4',
        'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        'HIPAA.Security::HIPAA.Security-SecretsManagerRotationEnabled',
        'NIST.800.53.R5::NIST.800.53.R5-SecretsManagerRotationEnabled',
        'HIPAA.Security::HIPAA.Security-LambdaDLQ',
        'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ',
      ]),
    );
    for (const v of acknowledged) expect(v.reason.length).toBeGreaterThan(40);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('fails the HIPAA pack without an alarm topic: its sign-in alarms would notify nobody', () => {
    // GIVEN an identity without alarmTopic WHEN the HIPAA pack checks it
    const { stack } = build();
    const report = new HIPAASecurityChecks().validateScope(stack);
    // THEN each of its four alarms is reported
    const alarmFindings = report.violations.filter((v) => v.ruleName === 'HIPAA.Security-CloudWatchAlarmAction').flatMap((v) => v.violatingResources.map((r) => r.constructPath));
    expect(alarmFindings.sort()).toEqual(['Test/Identity/Alarms/AssuranceRejectionsAlarm/Resource', 'Test/Identity/Alarms/FunctionErrorsAlarm/Resource', 'Test/Identity/Alarms/JwksFailuresAlarm/Resource', 'Test/Identity/Alarms/ProxyErrorsAlarm/Resource']);
  });

  test('keeps the logical id and type of every identity resource released in the example trust (the split into parts changed no id)', () => {
    // GIVEN the released example trust's identity resources, from the committed baseline
    const baseline = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'baselines', 'Rootstock-RXX-prod.template.json'), 'utf8'));
    const released = Object.entries(baseline.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>)
      .filter(([, r]) => r.Metadata?.['aws:cdk:path']?.startsWith('Rootstock-RXX-prod/Identity/'))
      .map(([id, r]) => `${id} ${r.Type}`);
    // WHEN the same settings build a TrustIdentity now (in a VPC, secrets under a data key, as TrustStack does)
    const { config } = loadTrustFile(path.join(__dirname, '..', '..', '..', 'trusts', 'example.yaml'));
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Now', { env: { account: '111122223333', region: 'eu-west-2' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new TrustIdentity(stack, 'Identity', { ...identitySettings({ ...config, identity: config.identity! }).settings, logsKey: logsKey(stack), secretsKey: new kms.Key(stack, 'DataKey'), vpc });
    const now = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    // THEN every released resource is there under the same logical id and type
    expect(released.length).toBeGreaterThan(40);
    expect(released.filter((r) => { const [id, type] = r.split(' '); return now[id]?.Type !== type; })).toEqual([]);
  });

  test('builds only what the provider table says for the providers given: NHS login alone', () => {
    // GIVEN NHS login without CIS2
    const { stack, identity } = build({ cis2: undefined, nhsLogin: { environment: 'production', clientId: 'nhs-login-prod' } });
    // WHEN synthesised
    const t = Template.fromStack(stack);
    // THEN one provider, one secret, routes under /nhs-login only, the production issuer and the P9 default
    t.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 1);
    t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', { ProviderName: 'NHSLogin', ProviderDetails: Match.objectLike({ oidc_issuer: NHS_LOGIN_ISSUERS.production, authorize_scopes: 'openid profile' }) });
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const routes = Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort();
    expect(routes).toEqual(['GET /.well-known/jwks.json', 'GET /nhs-login/authorize', 'GET /nhs-login/jwks', 'GET /nhs-login/userinfo', 'POST /nhs-login/token', 'POST /nhs-login/userinfo']);
    expect(Object.keys(identity.identityProviders)).toEqual(['nhsLogin']);
    expect(Object.keys(identity.clientSecrets)).toEqual(['nhsLogin']);
    const providers = JSON.stringify(Object.values(t.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Environment?.Variables?.PROVIDERS).find(Boolean));
    expect(providers).toContain('\\"kind\\":\\"nhs-login\\"');
    expect(providers).toContain('\\"vectorOfTrust\\":\\"P9.Cp.Cd\\"');
    expect(providers).not.toContain('cis2');
  });

  test.each([
    ['fails without any provider', { cis2: undefined }, "'cis2' is required unless nhsLogin is set"],
    ['fails on an http callback URL', { callbackUrls: ['http://app.example.nhs.uk/cb'] }, "'callbackUrls.0' must be an https URL (where users return after sign-in; tokens must never travel in clear), like https://example.nhs.uk/path; got 'http://app.example.nhs.uk/cb'"],
    ['fails on an http logout URL', { logoutUrls: ['https://ok.nhs.uk/out', 'http://app.example.nhs.uk/out'] }, "'logoutUrls.1' must be an https URL (where users go after sign-out)"],
    ['fails on a callback URL with credentials, never echoing them', { callbackUrls: ['https://user:hunter2@app.example.nhs.uk/cb'] }, 'with user:password (redacted)'],
    ['fails on no callback URLs', { callbackUrls: [] }, "'callbackUrls' must list at least one https URL"],
    ['fails on an unknown CIS2 environment', { cis2: { environment: 'dev' as never, clientId: 'x' } }, "'cis2.environment' must be one of int, production; got 'dev'"],
    ['fails on an unknown NHS login environment', { nhsLogin: { environment: 'live' as never, clientId: 'x' } }, "'nhsLogin.environment' must be one of sandpit, integration, production; got 'live'"],
    ['fails on an unknown AAL', { cis2: { environment: 'int' as const, clientId: 'x', requiredAal: 'AAL1_ANY' as never } }, "'cis2.requiredAal' must be one of AAL2_ANY, AAL2_OR_AAL3_ANY, AAL3_ANY; got 'AAL1_ANY'"],
    ['fails on an unknown vector of trust', { nhsLogin: { environment: 'sandpit' as const, clientId: 'x', vectorOfTrust: 'P7.Cp' as never } }, "'nhsLogin.vectorOfTrust' must be one of P0.Cp, P5.Cp.Cd, P5.Cp.Ck, P9.Cp.Cd, P9.Cp.Ck, P9.Cm; got 'P7.Cp'"],
    ['fails on an empty client id', { cis2: { environment: 'int' as const, clientId: '' } }, "'cis2.clientId' must be the client id the provider registered"],
    ['fails on scopes without openid', { cis2: { environment: 'int' as const, clientId: 'x', scopes: ['profile'] } }, "'cis2.scopes' must include openid; got [\"profile\"]"],
    ['fails on a short log retention', { logRetentionDays: 30 }, "'logRetentionDays' must be a CloudWatch Logs retention period of at least 180 days"],
    ['fails on a domain prefix with capitals', { domainPrefix: 'RXX-identity' }, "'domainPrefix' must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, like rxx-prod-identity; got 'RXX-identity'"],
    ['fails on a domain prefix containing cognito', { domainPrefix: 'rxx-cognito' }, "'domainPrefix' must not contain aws, amazon, cognito (Cognito refuses them; this one contains 'cognito')"],
    ['fails on no signing key generations', { signingKeyVersions: [] }, "'signingKeyVersions' must name at least one key generation"],
    ['fails on four signing key generations', { signingKeyVersions: ['1', '2', '3', '4'] }, "'signingKeyVersions' must name at most 3 generations"],
    ['fails on a repeated signing key generation', { signingKeyVersions: ['1', '1'] }, "'signingKeyVersions' must not repeat a generation"],
    ['fails on a signing key generation that is not alphanumeric', { signingKeyVersions: ['1', 'v-2'] }, "'signingKeyVersions.1' must be 1 to 16 letters or digits"],
    ['fails on long-lived tokens', { tokenValidity: Duration.hours(2) }, "'tokenValidity' must be from 5 to 60 minutes; got 120 minutes"],
    ['fails on refresh tokens over a day', { refreshTokenValidity: Duration.days(30) }, "'refreshTokenValidity' must be from 60 to 1440 minutes; got 43200 minutes"],
    ['fails on a reserved concurrency of 0', { reservedConcurrentExecutions: 0 }, "'reservedConcurrentExecutions' must be a whole number from 1 to 1000; got 0"],
    ['fails on an assurance alarm threshold of 0', { assuranceRejectionAlarmThreshold: 0 }, "'assuranceRejectionAlarmThreshold' must be a whole number of rejections in five minutes, at least 1; got 0"],
  ])('%s, before defining any resource, as a user error (exit 2)', (_name, props, message) => {
    // GIVEN an empty stack
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Bad');
    const key = logsKey(stack);
    // WHEN a TrustIdentity is given the bad props
    let error: unknown;
    try {
      new TrustIdentity(stack, 'Identity', { logsKey: key, domainPrefix: 'rxx-prod-identity', callbackUrls: ['https://app.example.nhs.uk/cb'], cis2: { environment: 'int', clientId: 'c' }, ...(props as Partial<TrustIdentityProps>) });
    } catch (e) {
      error = e;
    }
    // THEN it refuses with the prop, value and fix, as a user error, and nothing was added below it
    expect(error).toBeInstanceOf(ConstructPropsError);
    expect((error as ConstructPropsError).exitCode).toBe(2);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toMatch(/^TrustIdentity Bad\/Identity: /);
    expect((error as Error).message).not.toContain('hunter2');
    expect(stack.node.tryFindChild('Identity')?.node.children ?? []).toEqual([]);
  });

  test('fails with every problem at once, each at its prop', () => {
    // GIVEN props wrong in three places WHEN checked
    const problems = trustIdentityProblems({ domainPrefix: 'aws', callbackUrls: [], signingKeyVersions: ['1', '1'] });
    // THEN all three (and the missing provider) are reported together
    expect(problems.map((p) => p.field).sort()).toEqual(['callbackUrls', 'cis2', 'domainPrefix', 'signingKeyVersions']);
  });
});
