import type { Command } from 'commander';
import { UserError } from '../../errors';
import { accessQuery, formatAccesses, scanAccesses } from '../../audit/audit-access';
import { emergencyQuery, formatEmergencyAccesses, scanEmergencyAccesses } from '../../audit/emergency-access';
import type { CliIo } from '../program';

interface AuditAccessOptions { nhsNumber?: string; emergency?: boolean; source: string; from?: string; since?: string; to?: string; format: string }

/**
 * `rootstock audit-access`: who accessed a patient's record (`--nhs-number`), or every emergency
 * ("break glass") access for review (`--emergency --since`), from exported FHIR AuditEvents.
 */
export function registerAuditAccess(program: Command, io: CliIo): void {
  program
    .command('audit-access')
    .description("List who accessed a patient's record (--nhs-number), or every emergency access for review (--emergency --since), from exported FHIR AuditEvents: who, when, what they did and the outcome.")
    .option('--nhs-number <n>', 'the patient NHS number (10 digits, Modulus 11 checked; spaces allowed)')
    .option('--emergency', 'list every emergency (break glass) access instead: who, role, organisation, reason code and text, patients, what was done, outcome, time')
    .requiredOption('--source <path>', "a file or folder of exported AuditEvents (JSON lines or JSON arrays, gzip allowed), e.g. a copy of the archive's fhir-audit/ and fhir-audit-errors/ prefixes")
    .option('--from <date>', 'with --nhs-number: first day, inclusive (YYYY-MM-DD, UTC)')
    .option('--since <date>', 'with --emergency: first day, inclusive (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'last day, inclusive (YYYY-MM-DD, UTC)')
    .option('--format <format>', 'text or json', 'text')
    .action((opts: AuditAccessOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format '${opts.format}' must be text or json.`);
      if (Boolean(opts.nhsNumber) === Boolean(opts.emergency)) {
        throw new UserError("audit-access needs exactly one of --nhs-number <n> (who accessed one patient's record) or --emergency (every emergency access, for review).");
      }
      if (opts.emergency) {
        if (opts.from !== undefined) throw new UserError('--from goes with --nhs-number; with --emergency give the first day as --since <YYYY-MM-DD>.');
        const q = emergencyQuery(opts.since, opts.to);
        const { records, filesRead, auditEventsRead } = scanEmergencyAccesses(opts.source, q);
        io.out(
          opts.format === 'json'
            ? `${JSON.stringify({ emergency: true, since: q.from ?? null, to: q.to ?? null, filesRead, auditEventsRead, accesses: records }, null, 2)}\n`
            : formatEmergencyAccesses(q, records, { filesRead, auditEventsRead }),
        );
        return;
      }
      if (opts.since !== undefined) throw new UserError('--since goes with --emergency; for one patient\'s record give the first day as --from <YYYY-MM-DD>.');
      const q = accessQuery(opts.nhsNumber!, opts.from, opts.to);
      const { records, filesRead, auditEventsRead } = scanAccesses(opts.source, q);
      io.out(
        opts.format === 'json'
          ? `${JSON.stringify({ nhsNumber: q.nhsNumber, from: q.from ?? null, to: q.to ?? null, filesRead, auditEventsRead, accesses: records }, null, 2)}\n`
          : formatAccesses(q, records, { filesRead, auditEventsRead }),
      );
    });
}
