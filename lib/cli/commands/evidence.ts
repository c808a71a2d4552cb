import type { Command } from 'commander';
import { countsText, findingsText } from '../../compliance/render';
import { writeEvidence } from '../../compliance/write';
import type { CliIo } from '../program';

/** `rootstock evidence <cdk.out> --out <dir>`: writes evidence.json, evidence.md and evidence.html. */
export function registerEvidence(program: Command, io: CliIo): void {
  program
    .command('evidence')
    .description(
      'Write compliance evidence (JSON, Markdown, self-contained HTML) from a synthesised cdk.out: per stack, which packs provably ran, ' +
        'each DSPT outcome and NCSC principle (met, partially evidenced, not met, acknowledged, not applicable, not assessed) with the rules and resources behind it, ' +
        'every acknowledgement, and security services turned off.',
    )
    .argument('<cdk.out>', 'the cloud assembly folder written by cdk synth / npm run synth')
    .option('--out <dir>', 'folder to write the evidence files to', 'evidence')
    .action((cdkOut: string, opts: { out: string }) => {
      const { evidence, files } = writeEvidence(cdkOut, opts.out);
      for (const s of evidence.stacks) {
        const packs = s.packs.filter((p) => p.ran).map((p) => `${p.plugin}${p.ruleCount !== undefined ? ` (${p.ruleCount} rules)` : ''}`);
        io.out(`${s.stack}: Rootstock ${s.rootstockVersion ?? '(not stamped)'}; packs ran: ${packs.join(', ') || 'none recorded'}; controls ${countsText(s)}; findings ${findingsText(s)}\n`);
        for (const p of s.packs.filter((x) => !x.ran)) io.out(`  ${p.notAssessed}\n`);
        for (const o of s.securityServicesOff) io.out(`  ${o.label} turned off: ${o.reason} (served ${o.controls.join(', ')})\n`);
      }
      io.out(`wrote ${files.join(', ')}\n`);
    });
}
