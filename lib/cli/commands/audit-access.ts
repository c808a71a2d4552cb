import type { Command } from 'commander';
import { UserError } from '../../errors';
import { accessQuery, formatAccesses, scanAccesses } from '../../audit/audit-access';
import type { CliIo } from '../program';

/** `rootstock audit-access`: who accessed a patient's record, from exported FHIR AuditEvents. */
export function registerAuditAccess(program: Command, io: CliIo): void {
  program
    .command('audit-access')
    .description("List who accessed a patient's record (by NHS number), when, what they did and the outcome, from exported FHIR AuditEvents.")
    .requiredOption('--nhs-number <n>', 'the patient NHS number (10 digits, Modulus 11 checked; spaces allowed)')
    .requiredOption('--source <path>', "a file or folder of exported AuditEvents (JSON lines or JSON arrays, gzip allowed), e.g. a copy of the archive's fhir-audit/ and fhir-audit-errors/ prefixes")
    .option('--from <date>', 'first day, inclusive (YYYY-MM-DD, UTC)')
    .option('--to <date>', 'last day, inclusive (YYYY-MM-DD, UTC)')
    .option('--format <format>', 'text or json', 'text')
    .action((opts: { nhsNumber: string; source: string; from?: string; to?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`--format '${opts.format}' must be text or json.`);
      const q = accessQuery(opts.nhsNumber, opts.from, opts.to);
      const { records, filesRead, auditEventsRead } = scanAccesses(opts.source, q);
      io.out(
        opts.format === 'json'
          ? `${JSON.stringify({ nhsNumber: q.nhsNumber, from: q.from ?? null, to: q.to ?? null, filesRead, auditEventsRead, accesses: records }, null, 2)}\n`
          : formatAccesses(q, records, { filesRead, auditEventsRead }),
      );
    });
}
