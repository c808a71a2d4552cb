import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get } from '../../cfn';
import { referencedResource } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** The parameter that makes an engine refuse unencrypted connections, and the values that switch it on. */
function requiredSetting(engine: string): { name: string; on: readonly unknown[] } | undefined {
  if (/^(postgres|aurora-postgresql|sqlserver-)/.test(engine)) return { name: 'rds.force_ssl', on: ['1', 1, true, 'true'] };
  if (/^(mysql|mariadb|aurora-mysql|aurora)$/.test(engine)) return { name: 'require_secure_transport', on: ['ON', 'on', '1', 1, true, 'true'] };
  return undefined;
}

/** RDS instances and clusters use a parameter group that forces TLS (rds.force_ssl=1 or require_secure_transport=ON). */
export default defineRule({
  id: 'RDSDatabaseTLSRequired',
  level: NagMessageLevel.ERROR,
  info: 'The RDS database does not use a parameter group that refuses unencrypted connections (rds.force_ssl=1 / require_secure_transport=ON).',
  explanation:
    'Database clients are inside the VPC, but the network is not a substitute for TLS. Give the database a parameter group in the same stack that sets rds.force_ssl to 1 (PostgreSQL, Aurora PostgreSQL, SQL Server) or require_secure_transport to ON (MySQL, MariaDB, Aurora MySQL): AWS::RDS::DBParameterGroup via DBParameterGroupName on a DB instance, AWS::RDS::DBClusterParameterGroup via DBClusterParameterGroupName on a cluster (rds.DatabaseInstance / DatabaseCluster parameters). A default parameter group, a group named by literal or parameter, and engines without such a parameter (Oracle, Db2: use an SSL option and acknowledge) fail. An instance in a cluster is judged at the cluster.',
  resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
  controls: {
    'B3.b':
      'B3.b: data in transit between clients and the database is protected: unencrypted connections are refused',
    'NCSC-1':
      'NCSC-1: database traffic is encrypted in transit, whatever the network',
  },
  source: 'NHS Cloud Security Good Practice Guide, principle 1 (TLS 1.2 or above)',
  check: (node) => {
    const view = cfnView(node);
    const p = view.properties;
    let groupRef: unknown;
    let groupType: string;
    if (view.type === 'AWS::RDS::DBInstance') {
      if (p.DBClusterIdentifier !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
      groupRef = p.DBParameterGroupName;
      groupType = 'AWS::RDS::DBParameterGroup';
    } else if (view.type === 'AWS::RDS::DBCluster') {
      groupRef = p.DBClusterParameterGroupName;
      groupType = 'AWS::RDS::DBClusterParameterGroup';
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const setting = typeof p.Engine === 'string' ? requiredSetting(p.Engine.toLowerCase()) : undefined;
    const group = referencedResource(node, groupRef);
    if (!setting || !group || group.type !== groupType) return NagRuleCompliance.NON_COMPLIANT;
    return setting.on.includes(get(group.properties, 'Parameters', setting.name)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
