import type { Command } from 'commander';
import { UserError } from '../../errors';
import { fleetStatus, formatFleetStatus, loadFleet } from '../../fleet';
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
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format must be text or json, got '${opts.format}'.`);
      const rows = await fleetStatus(loadFleet(opts.fleet), { latestVersion: opts.latest });
      io.out(opts.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatFleetStatus(rows));
    });
}
