import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, isIntrinsic } from '../../cfn';
import { defineRule, NagMessageLevel } from '../../rule';
import { asList, asNumber } from '../same-stack';

/**
 * Administration, remote-desktop, file-sharing and database ports that must never be open to
 * the whole internet: SSH, Telnet, FTP, RDP, VNC, WinRM, SMB/RPC, Docker, and the common
 * database and search engines (SQL Server, Oracle, MySQL, PostgreSQL, Redshift, MongoDB, Redis,
 * Memcached, Elasticsearch/OpenSearch, Kibana, Cassandra, CouchDB).
 */
export const ADMIN_AND_DATABASE_PORTS: readonly number[] = [
  20, 21, 22, 23, 135, 139, 445, 1433, 1434, 1521, 2375, 2376, 2483, 2484, 3306, 3389, 5432, 5439, 5601, 5900, 5984, 5985, 5986,
  6379, 7000, 7001, 9042, 9200, 9300, 11211, 27017, 27018,
];

const OPEN_V4 = new Set(['0.0.0.0/0']);
const OPEN_V6 = new Set(['::/0', '::0/0', '0:0:0:0:0:0:0:0/0']);

/** Whether one ingress rule opens an admin or database port to the internet (or might: unknown values fail closed). */
function opensAdminPort(rule: unknown): boolean {
  if (rule === null || typeof rule !== 'object' || isIntrinsic(rule)) return true;
  const r = rule as Record<string, unknown>;
  const sources = [r.CidrIp, r.CidrIpv6].filter((v) => v !== undefined);
  // Rules from security groups or prefix lists are not internet-wide.
  if (sources.length === 0) return false;
  const open = sources.some((s) => typeof s !== 'string' || OPEN_V4.has(s) || OPEN_V6.has(s));
  if (!open) return false;
  const protocol = r.IpProtocol;
  if (typeof protocol !== 'string' && typeof protocol !== 'number') return true;
  const p = String(protocol).toLowerCase();
  if (p === '-1' || p === 'all') return true;
  if (!['tcp', 'udp', '6', '17'].includes(p)) return false;
  const from = asNumber(r.FromPort);
  const to = asNumber(r.ToPort);
  if (from === undefined || to === undefined) return true;
  if (from === -1 || to === -1) return true;
  return ADMIN_AND_DATABASE_PORTS.some((port) => port >= from && port <= to);
}

/** No security group ingress from 0.0.0.0/0 or ::/0 to an admin or database port (or all ports). */
export default defineRule({
  id: 'EC2SecurityGroupNoPublicAdminIngress',
  level: NagMessageLevel.ERROR,
  info: 'The security group allows ingress from 0.0.0.0/0 or ::/0 to an administration or database port (or to all ports).',
  explanation:
    'Administration (SSH, RDP, WinRM, VNC) and database ports open to the internet are the commonest way cloud systems are broken into. Remove the 0.0.0.0/0 or ::/0 rule; reach instances through SSM Session Manager, and databases from named security groups inside the VPC. Ports checked: ' +
    ADMIN_AND_DATABASE_PORTS.join(', ') +
    '; a rule whose protocol is -1 or whose port range covers any of them fails, and so does a rule whose source or ports cannot be resolved.',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  controls: {
    'B2.c':
      'B2.c: \'closely manage privileged user access\': administration ports are not reachable from the whole internet',
    'B4.b':
      'B4.b: the network is securely configured: no internet-wide rule to admin or database ports',
    'NCSC-11':
      'NCSC-11 (external interface protection): admin and database interfaces are not exposed externally',
    'NCSC-12':
      'NCSC-12 (secure service administration): administration happens through managed paths, not open ports',
  },
  source: 'NCSC cloud security principles 11 and 12',
  check: (node) => {
    const view = cfnView(node);
    if (view.type === 'AWS::EC2::SecurityGroupIngress') {
      return opensAdminPort(view.properties) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
    }
    if (view.type !== 'AWS::EC2::SecurityGroup') return NagRuleCompliance.NOT_APPLICABLE;
    const ingress = view.properties.SecurityGroupIngress;
    if (isIntrinsic(ingress)) return NagRuleCompliance.NON_COMPLIANT;
    return asList(ingress).some(opensAdminPort) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
