import { NagRuleCompliance } from 'cdk-nag';
import { cfnView } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';

/**
 * Lambda runtimes AWS has deprecated (no more security patches), with the date each was
 * deprecated, from the AWS Lambda runtime deprecation policy. Update when AWS deprecates more.
 */
export const DEPRECATED_RUNTIMES: Readonly<Record<string, string>> = {
  nodejs: '2016-10-31', 'nodejs4.3': '2020-03-05', 'nodejs6.10': '2019-08-12', 'nodejs8.10': '2020-03-06', 'nodejs10.x': '2021-07-30',
  'nodejs12.x': '2023-03-31', 'nodejs14.x': '2023-12-04', 'nodejs16.x': '2024-06-12', 'nodejs18.x': '2025-09-01', 'nodejs20.x': '2026-04-30',
  'python2.7': '2021-07-15', 'python3.6': '2022-07-18', 'python3.7': '2023-12-04', 'python3.8': '2024-10-14', 'python3.9': '2025-12-15',
  'ruby2.5': '2021-07-30', 'ruby2.7': '2023-12-07', 'ruby3.2': '2026-03-31',
  java8: '2024-01-08', 'go1.x': '2024-01-08', provided: '2024-01-08',
  'dotnetcore1.0': '2019-07-30', 'dotnetcore2.0': '2019-05-30', 'dotnetcore2.1': '2022-01-05', 'dotnetcore3.1': '2023-04-03', dotnet5: '2022-05-10', 'dotnet5.0': '2022-05-10', dotnet6: '2024-12-20', dotnet7: '2024-05-14',
};

/** Lambda functions run on a runtime AWS still patches. */
export default defineRule({
  id: 'LambdaFunctionRuntimeSupported',
  level: NagMessageLevel.ERROR,
  info: 'The Lambda function uses a deprecated runtime that no longer receives security patches.',
  explanation:
    'AWS stops patching a runtime (language and operating system) when it is deprecated, so known vulnerabilities in it stay open. Move to a supported runtime (lambda.Runtime.NODEJS_22_X or later, PYTHON_3_12 or later, ...). Deprecated: ' +
    Object.keys(DEPRECATED_RUNTIMES).join(', ') +
    '. Container-image functions (PackageType Image) carry their own runtime and are judged by image scanning; a runtime that cannot be resolved fails.',
  resourceTypes: ['AWS::Lambda::Function'],
  controls: {
    'B4.d': "B4.d.4: 'you maximise the use of supported software': a deprecated runtime receives no security patches",
    'B4.b': "B4.b.1: assets are actively managed, 'patching, updating according to good practice': the runtime is one AWS still patches",
    'NCSC-5': 'NCSC-5 (operational security): vulnerability management covers the code platform the service runs on',
  },
  source: 'AWS Lambda runtime deprecation policy; CAF B4.d (vulnerability management)',
  check: (node) => {
    const p = cfnView(node).properties;
    if (p.PackageType === 'Image') return NagRuleCompliance.NOT_APPLICABLE;
    const runtime = p.Runtime;
    if (typeof runtime !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    return runtime in DEPRECATED_RUNTIMES ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
