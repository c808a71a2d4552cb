import type { Command } from 'commander';
import { writeHazardLog } from '../../hazard-log/write';
import type { CliIo } from '../program';

/** `rootstock hazard-log <cdk.out> --out <dir>`: the clinical hazard log of what the trust deploys. */
export function registerHazardLog(program: Command, io: CliIo): void {
  program
    .command('hazard-log')
    .description(
      "Write the clinical hazard log (DCB0129, with the DCB0160 section the trust's Clinical Safety Officer completes) of exactly what a synthesised cdk.out deploys: " +
        'each hazard its building blocks record, rated on the 5x5 matrix, with every control traced to code and to the test that evidences it. JSON, Markdown and HTML.',
    )
    .argument('<cdk.out>', 'the cloud assembly folder written by cdk synth / npm run synth')
    .option('--out <dir>', 'folder to write the hazard log to', 'hazard-log')
    .action((cdkOut: string, opts: { out: string }) => {
      const { log, files } = writeHazardLog(cdkOut, opts.out);
      for (const s of log.stacks) {
        const high = s.hazards.filter((z) => z.residualRisk.rating >= 3).map((z) => z.id);
        io.out(`${s.stack}: ${s.hazards.length} hazards, ${s.hazards.reduce((n, z) => n + z.controls.length, 0)} library controls; residual risk 3 or above: ${high.join(', ') || 'none'}\n`);
      }
      io.out(`wrote ${files.join(', ')}\n`);
    });
}
