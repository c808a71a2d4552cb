import type { Command } from 'commander';
import { UserError } from '../../errors';
import { fleetReport, fleetStatus, formatFleetJson, formatFleetMarkdown, formatFleetTable, loadFleet, SEMVER_PATTERN } from '../../fleet';
import { ROOTSTOCK_VERSION } from '../../version';
import type { CliIo } from '../program';

const FORMATS = ['text', 'json', 'markdown'] as const;

function wholeNumber(flag: string, value: string, min: number, max: number, fix: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UserError(`${flag}: must be a whole number from ${min} to ${max}; got '${value}'. ${fix}`);
  return n;
}

/** `rootstock fleet-status --fleet <file>`: every fleet trust's version, stack status, drift and compliance record. */
export function registerFleetStatus(program: Command, io: CliIo): void {
  program
    .command('fleet-status')
    .description("For each trust in a fleet: assume the read-only role in its account, read its stack's status, version, drift and compliance record, and flag what needs attention.")
    .requiredOption('--fleet <file>', 'the fleet config (see fleet/fleet.example.yaml)')
    .option('--latest <version>', 'the version the fleet should run (default: this rootstock version)')
    .option('--expiry-days <n>', 'flag acknowledgements expiring within this many days', '30')
    .option('--support-window <n>', 'minor versions behind latest (same major) still supported', '2')
    .option('--concurrency <n>', 'most AWS calls in flight at once', '16')
    .option('--drift-timeout <seconds>', "longest wait for one stack's drift detection", '300')
    .option('--no-drift', 'skip drift detection')
    .option('--format <format>', 'text, json or markdown', 'text')
    .action(async (opts: { fleet: string; latest?: string; expiryDays: string; supportWindow: string; concurrency: string; driftTimeout: string; drift: boolean; format: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UserError(`--format: must be text, json or markdown; got '${opts.format}'. Leave it out for a table.`);
      if (opts.latest !== undefined && !SEMVER_PATTERN.test(opts.latest)) {
        throw new UserError(
          `--latest: must be a semantic version x.y.z, like ${ROOTSTOCK_VERSION}; got '${opts.latest}'. ` +
            `Give the Rootstock version the fleet should run, or leave --latest out to compare with this Rootstock (${ROOTSTOCK_VERSION}).`,
        );
      }
      const expiryDays = wholeNumber('--expiry-days', opts.expiryDays, 0, 3650, 'Give how many days ahead an acknowledgement expiry should be flagged, like 30.');
      const supportWindow = wholeNumber('--support-window', opts.supportWindow, 0, 1000, 'Give how many minor versions behind latest are still supported, like 2.');
      const concurrency = wholeNumber('--concurrency', opts.concurrency, 1, 256, 'Give how many AWS calls may be in flight at once, like 16.');
      const driftTimeout = wholeNumber('--drift-timeout', opts.driftTimeout, 10, 3600, "Give the longest wait for one stack's drift detection in seconds, like 300.");
      const rows = await fleetStatus(loadFleet(opts.fleet), { latestVersion: opts.latest, supportWindow, concurrency, drift: opts.drift, driftTimeoutMs: driftTimeout * 1000 });
      const report = fleetReport(rows, expiryDays);
      io.out(opts.format === 'json' ? formatFleetJson(report) : opts.format === 'markdown' ? formatFleetMarkdown(report) : formatFleetTable(report));
      if (report.exitCode !== 0) {
        const flagged = report.summary.trusts - report.summary.healthy;
        throw new UserError(`fleet-status: ${flagged} of ${report.summary.trusts} trust(s) need attention (drifted, drift unknown, out of support, failed, unreachable, not deployed, or an acknowledgement expiring within ${expiryDays} days; listed above).`, 1);
      }
    });
}
