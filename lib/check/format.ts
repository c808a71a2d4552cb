import { CHECK_EXIT_CODES, type CheckFinding, type CheckResult } from './check';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function ackLine(f: CheckFinding): string {
  const a = f.acknowledgement!;
  const who = `${a.library ? 'library design review' : 'trust'}: approved by ${a.approvedBy ?? 'not recorded'}, expires ${a.expires ?? 'not recorded'}`;
  return `${a.problem ? `acknowledgement ${a.problem}; ` : ''}${who}: ${a.reason}`;
}

/** What a template's exit code means, in a few words. */
const EXIT_MEANING: Record<number, string> = {
  [CHECK_EXIT_CODES.passed]: 'passed',
  [CHECK_EXIT_CODES.findings]: 'open findings',
  [CHECK_EXIT_CODES.unreadable]: 'could not be read',
  [CHECK_EXIT_CODES.unchecked]: 'resources not checked',
};

/** The human-readable report of `rootstock check`: findings by template and resource, what was not checked, per-template outcome and a summary. */
export function formatCheckText(result: CheckResult): string {
  const lines: string[] = [];
  const templates = [...new Set([...result.findings.map((f) => f.template), ...result.unchecked.map((u) => u.template)])];
  for (const template of templates) {
    lines.push(template);
    const byResource = new Map<string, CheckFinding[]>();
    for (const f of result.findings.filter((x) => x.template === template)) byResource.set(f.logicalId, [...(byResource.get(f.logicalId) ?? []), f]);
    for (const [logicalId, list] of byResource) {
      lines.push(`  ${logicalId} (${list[0].resourceType})`);
      for (const f of list) {
        lines.push(`    ${(f.status === 'acknowledged' ? 'ack' : f.level).padEnd(7)} ${f.ruleId}: ${f.message}`);
        if (f.controls.length) lines.push(`            controls: ${f.controls.map((c) => `${c.id} ${c.name}`).join('; ')}`);
        if (f.acknowledgement) lines.push(`            ${ackLine(f)}`);
      }
    }
    for (const u of result.unchecked.filter((x) => x.template === template)) {
      lines.push(`  NOT CHECKED ${u.logicalId} (${u.resourceType}): ${u.why}.`);
      lines.push(`            ${u.fix}`);
    }
  }
  const s = result.summary;
  const problems = result.templates.filter((t) => t.problem);
  for (const t of problems) lines.push(`${t.template}: ${t.problem}`);
  if (result.templates.length > 1) {
    lines.push('', 'Per template (exit code, outcome):');
    for (const t of result.templates) {
      const detail = t.problem
        ? 'see above'
        : `${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}, ${t.acknowledged} acknowledged, ${t.unchecked} not checked, ${plural(t.resources, 'resource')}`;
      lines.push(`  ${t.exitCode}  ${t.template}: ${EXIT_MEANING[t.exitCode]} (${detail})`);
    }
  }
  const bare = result.templates.filter((t) => !t.acknowledgementsKnown && !t.problem).length;
  if (bare > 0) {
    lines.push(
      '',
      `No acknowledgements are known for ${bare === result.templates.length ? (bare === 1 ? 'this template' : 'these templates') : `${plural(bare, 'bare template')}`}: ` +
        'acknowledgements are made in CDK code and recorded in the cloud assembly, so every finding here is open. Check the cdk.out folder to see them.',
    );
  }
  for (const note of result.notes) lines.push('', note);
  lines.push(
    '',
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} open, ${s.acknowledged} acknowledged in ${plural(s.resources, 'resource')} of ${plural(s.templates, 'template')}` +
      `${s.unchecked ? `; ${s.unchecked} not checked` : ''}${s.unreadable ? `; ${s.unreadable} unreadable` : ''} (packs: ${s.packs.join(', ')}).`,
  );
  return `${lines.join('\n').replace(/^\n+/, '')}\n`;
}
