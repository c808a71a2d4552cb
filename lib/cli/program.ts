import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors';
import { ROOTSTOCK_VERSION } from '../version';
import { registerValidate } from './commands/validate';
import { registerCheck } from './commands/check';
import { registerEvidence } from './commands/evidence';
import { registerPreflight } from './commands/preflight';
import { registerUpgradeCheck } from './commands/upgrade-check';
import { registerFleetStatus } from './commands/fleet-status';
import { registerAuditAccess } from './commands/audit-access';
import { registerCost } from './commands/cost';
import { registerHazardLog } from './commands/hazard-log';
import { registerBootstrap } from './commands/bootstrap';

/** Where CLI output goes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Each command module registers itself here; add new commands to this list. */
const COMMANDS: Array<(program: Command, io: CliIo) => void> = [
  registerValidate,
  registerCheck,
  registerEvidence,
  registerPreflight,
  registerUpgradeCheck,
  registerFleetStatus,
  registerBootstrap,
  registerAuditAccess,
  registerCost,
  registerHazardLog,
];

/** Builds the `rootstock` command-line program. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('rootstock')
    .description('Rootstock: NHS-standard AWS foundations for NHS trusts (config validation, compliance checks, evidence, upgrades, fleet).')
    .version(ROOTSTOCK_VERSION)
    .showHelpAfterError('(run rootstock --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  return program;
}

/**
 * Runs the CLI and returns its exit code. A UserError prints its message only (no stack
 * trace); anything unexpected prints a one-line internal error (stack with ROOTSTOCK_DEBUG=1).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors (unknown option, missing argument) exit 2.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(e)) {
      io.err(`${e.message}\n`);
      return e.exitCode;
    }
    io.err(`rootstock: internal error: ${(e as Error)?.message ?? String(e)}\n` + (process.env.ROOTSTOCK_DEBUG ? `${(e as Error)?.stack}\n` : 'Run again with ROOTSTOCK_DEBUG=1 for details, and report it.\n'));
    return 70;
  }
}
