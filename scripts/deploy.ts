// `npm run deploy -- <ods> [cdk deploy options]`: runs `rootstock preflight` for the trust, and only
// when it passes, `cdk deploy <its stack> -c trust=<ODS>-<env>`. Exit 2 on a failed preflight.
import { deployTrust } from '../lib/preflight/deploy';

deployTrust(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`deploy: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
