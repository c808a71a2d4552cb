import { spawnSync } from 'child_process';
import { isUserError, UserError } from '../errors';
import { trustStackName } from '../trust-stack';
import { formatPreflight, runPreflight, type PreflightOptions } from './preflight';
import { resolveTrustRef } from './trust-ref';

/** Options for {@link deployTrust}; tests replace the deploy command and the STS client. */
export interface DeployOptions extends Pick<PreflightOptions, 'clientFactory' | 'region'> {
  /** The command that deploys. @default ['npx', 'cdk'] */
  readonly cdkCommand?: readonly string[];
  /** Folder of trust configs. @default 'trusts' */
  readonly trustsDir?: string;
  /** Where messages go. @default - the process's stdout and stderr */
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

/**
 * `npm run deploy -- <ods> [cdk deploy options]`: preflight for the trust, then `cdk deploy` of its stack only.
 *
 * Returns the exit code: 2 when preflight fails (nothing is deployed), otherwise cdk's own code.
 */
export async function deployTrust(argv: readonly string[], options: DeployOptions = {}): Promise<number> {
  const out = options.out ?? ((t: string) => process.stdout.write(t));
  const err = options.err ?? ((t: string) => process.stderr.write(t));
  const [ref, ...cdkArgs] = argv;
  try {
    if (!ref || ref.startsWith('-')) {
      throw new UserError('Usage: npm run deploy -- <ODS code | ODS-environment | trust file> [cdk deploy options]. Example: npm run deploy -- RXX --require-approval broadening');
    }
    const trust = resolveTrustRef(ref, options.trustsDir ?? 'trusts');
    const profileAt = cdkArgs.indexOf('--profile');
    const profile = profileAt >= 0 ? cdkArgs[profileAt + 1] : undefined;
    const result = await runPreflight({ trust, profile, clientFactory: options.clientFactory, region: options.region });
    out(formatPreflight(result));
    const selector = `${trust.config.odsCode}-${trust.config.environment}`;
    const [cmd, ...pre] = options.cdkCommand ?? ['npx', 'cdk'];
    const args = [...pre, 'deploy', trustStackName(trust.config), '-c', `trust=${selector}`, ...cdkArgs];
    out(`Deploying: ${[cmd, ...args].join(' ')}\n`);
    const run = spawnSync(cmd, args, { stdio: 'inherit' });
    if (run.error) throw new UserError(`Cannot run ${cmd}: ${run.error.message}. Install the dependencies (npm ci) and run again.`);
    return run.status ?? 1;
  } catch (e) {
    if (!isUserError(e)) throw e;
    err(`${e.message}\n`);
    return e.exitCode;
  }
}
