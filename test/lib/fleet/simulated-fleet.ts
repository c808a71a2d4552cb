import * as fs from 'fs';
import * as path from 'path';
import type { ComplianceRecord } from '../../../lib/fleet';

/** What a simulated trust account does when fleet-status asks it. */
export type SimulatedKind = 'healthy' | 'unreachable' | 'notDeployed' | 'drifted' | 'stuck' | 'detectionFailed' | 'failed' | 'outOfSupport' | 'expiring';

/** One simulated trust: its index, ODS code, account, behaviour, deployed version and compliance record. */
export interface SimulatedTrust {
  readonly i: number;
  readonly ods: string;
  readonly trust: string;
  readonly account: string;
  readonly kind: SimulatedKind;
  readonly version: string;
  readonly record: ComplianceRecord;
}

/** Trust indexes by behaviour; every other trust is healthy. */
const KINDS: Record<Exclude<SimulatedKind, 'healthy'>, readonly number[]> = {
  unreachable: [7, 47, 87, 127, 167, 207],
  notDeployed: [13, 53, 93],
  drifted: [5, 35, 65, 95, 125],
  stuck: [100],
  detectionFailed: [21, 121],
  failed: [9, 199],
  outOfSupport: [3, 63, 183],
  expiring: [11, 111],
};

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** The simulated trust at index `i`. */
export function simulatedTrust(i: number): SimulatedTrust {
  const ods = `R${ALPHABET[Math.floor(i / ALPHABET.length) % ALPHABET.length]}${ALPHABET[i % ALPHABET.length]}`;
  const kind = (Object.entries(KINDS).find(([, is]) => is.includes(i))?.[0] ?? 'healthy') as SimulatedKind;
  const version = kind === 'outOfSupport' ? '1.1.0' : '1.4.0';
  const record: ComplianceRecord = {
    schema: 1,
    version,
    packs: ['NhsTrustChecks', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5'],
    ruleList: '0123456789abcdef'.repeat(4),
    rules: 55,
    acknowledged: 12,
    nearestExpiry: kind === 'expiring' ? { date: '2026-06-11', ruleId: 'AwsSolutions::AwsSolutions-S1' } : { date: '2027-11-30', ruleId: 'NhsTrustChecks::NHS-LogsLogGroupRetained' },
  };
  return { i, ods, trust: `${ods}-prod`, account: String(100000000000 + i), kind, version, record };
}

/** The first 240 simulated trusts. */
export const SIMULATED: readonly SimulatedTrust[] = Array.from({ length: 240 }, (_, i) => simulatedTrust(i));

/** Writes `n` trust configs and a fleet file (a pilot of one, then waves of 24) under `dir`; returns the fleet file. */
export function writeSimulatedFleet(dir: string, n: number): string {
  const trusts = path.join(dir, 'trusts');
  fs.mkdirSync(trusts, { recursive: true });
  for (let i = 0; i < n; i++) {
    const t = simulatedTrust(i);
    fs.writeFileSync(path.join(trusts, `${t.ods.toLowerCase()}.yaml`), `odsCode: ${t.ods}\nname: Simulated NHS Trust ${i}\nenvironment: prod\naccount: "${t.account}"\n`);
  }
  const file = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(file, [
    'pipelineAccount: "999988887777"',
    'connectionArn: arn:aws:codeconnections:eu-west-2:999988887777:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    'repo: nhsx/rootstock',
    'externalId: rootstock-fleet-test-1a2b3c',
    `trustsDir: ${trusts}`,
    `pilot: [${simulatedTrust(0).trust}]`,
    'waveSize: 24',
    '',
  ].join('\n'));
  return file;
}
