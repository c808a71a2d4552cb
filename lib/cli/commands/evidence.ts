import type { Command } from 'commander';
import { writeEvidence } from '../../compliance/write';
import type { CliIo } from '../program';

/** `rootstock evidence <cdk.out> --out <dir>`: writes evidence.json, evidence.md and evidence.html. */
export function registerEvidence(program: Command, io: CliIo): void {
  program
    .command('evidence')
    .description('Write compliance evidence (JSON, Markdown, self-contained HTML) from a synthesised cdk.out: per stack, each DSPT and NCSC control met, not met, acknowledged or not applicable, and every finding.')
    .argument('<cdk.out>', 'the cloud assembly folder written by cdk synth / npm run synth')
    .option('--out <dir>', 'folder to write the evidence files to', 'evidence')
    .action((cdkOut: string, opts: { out: string }) => {
      const { evidence, files } = writeEvidence(cdkOut, opts.out);
      for (const s of evidence.stacks) {
        io.out(`${s.stack}: Rootstock ${s.rootstockVersion ?? '(not stamped)'}; controls ${s.summary.met} met, ${s.summary.notMet} not met, ${s.summary.acknowledged} acknowledged, ${s.summary.notApplicable} not applicable, ${s.summary.notAssessed} not assessed; findings ${s.summary.openFindings} open, ${s.summary.acknowledgedFindings} acknowledged\n`);
      }
      io.out(`wrote ${files.join(', ')}\n`);
    });
}
