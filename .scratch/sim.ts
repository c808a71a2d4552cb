import { runSimulation } from '@cloud-copilot/iam-simulate';
import { trustServiceControlPolicies } from '../policies/guardrails';
const ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
(async () => {
  const full = { name: 'FullAWSAccess', policy: ALL };
  const r = await runSimulation({
    request: { principal: 'arn:aws:iam::111122223333:role/TrustAdministrator', action: 'kms:ScheduleKeyDeletion', resource: { resource: 'arn:aws:kms:eu-west-2:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', accountId: '111122223333' },
      contextVariables: { 'aws:RequestedRegion': 'eu-west-2', 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/TrustAdministrator', 'kms:ResourceAliases': ['alias/app/scratch'] } },
    identityPolicies: [{ name: 'a', policy: ALL }],
    serviceControlPolicies: [{ orgIdentifier: 'r', policies: [full] }, { orgIdentifier: 'ou', policies: [full, ...Object.entries(trustServiceControlPolicies()).map(([name, policy]) => ({ name, policy }))] }],
    resourceControlPolicies: [],
  } as never, {});
  console.log(JSON.stringify(r));
})();
