import type { Command } from 'commander';
import { UserError } from '../../errors';
import { fleetStatus, formatFleetStatus, loadFleet, SEMVER_PATTERN } from '../../fleet';
import { ROOTSTOCK_VERSION } from '../../version';
import type { CliIo } from '../program';

/** `rootstock fleet-status --fleet <file>`: every fleet trust's stack status and deployed version. */
export function registerFleetStatus(program: Command, io: CliIo): void {
  program
    .command('fleet-status')
    .description("For each trust in a fleet: assume the read-only role in its account, read its stack's status and rootstock:version tag, and show how far behind it is.")
    .requiredOption('--fleet <file>', 'the fleet config (see fleet/fleet.example.yaml)')
    .option('--latest <version>', 'the version the fleet should run (default: this rootstock version)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: { fleet: string; latest?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format: must be text or json; got '${opts.format}'. Leave it out for a table, or use --format json.`);
      if (opts.latest !== undefined && !SEMVER_PATTERN.test(opts.latest)) {
        throw new UserError(
          `--latest: must be a semantic version x.y.z, like ${ROOTSTOCK_VERSION}; got '${opts.latest}'. ` +
            `Give the Rootstock version the fleet should run, or leave --latest out to compare with this Rootstock (${ROOTSTOCK_VERSION}).`,
        );
      }
      const rows = await fleetStatus(loadFleet(opts.fleet), { latestVersion: opts.latest });
      io.out(opts.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatFleetStatus(rows));
    });
}
