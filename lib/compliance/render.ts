import { mdCell } from '../../policies/rules-md';
import type { ControlStatus, Evidence, EvidenceAcknowledgement, EvidenceControl, EvidenceRuleResult, RuleStatus, StackEvidence } from './evidence';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function ackText(a: EvidenceAcknowledgement & { ruleId?: string; constructPath?: string }): string {
  return `${a.expired ? 'EXPIRED: ' : ''}${a.ruleId ? `${a.ruleId} on ${a.constructPath}: ` : ''}${a.reason} (approved by ${a.approvedBy ?? 'not recorded'}; expires ${a.expires ?? 'not recorded'})`;
}

/** 'DSPT B3.c' or 'NCSC 2': how assessors cite a control. */
function controlLabel(c: { framework: string; id: string }): string {
  return `${c.framework} ${c.id.replace(/^NCSC-/, '')}`;
}

/** How a rule reads in a control's row: its status, and what it judged. */
function ruleText(r: EvidenceRuleResult): string {
  if (r.status === 'not applicable') return 'n/a: no resource in scope';
  return `${r.status}, ${r.resourcesChecked} resource${r.resourcesChecked === 1 ? '' : 's'} checked`;
}

/** The resource count of a control's row ('-' when none of its rules had anything in scope). */
function resourcesText(c: EvidenceControl): string {
  return c.resourcesChecked > 0 ? String(c.resourcesChecked) : '-';
}

function stackTitle(s: StackEvidence): string {
  return `${s.stack}${s.odsCode ? ` (${s.odsCode}${s.environment ? `, ${s.environment}` : ''})` : ''}`;
}

/** evidence.md: the same content as the HTML, for reviews in git. */
export function renderEvidenceMarkdown(e: Evidence): string {
  const out: string[] = [
    '# Compliance evidence',
    '',
    `Generated ${e.generatedAt} by Rootstock ${e.generatorVersion} from \`${e.cloudAssembly}\`. DSPT ids follow ${e.cafVersion}.`,
    '',
  ];
  for (const s of e.stacks) {
    out.push(`## ${stackTitle(s)}`, '');
    out.push(`- Rootstock version: ${s.rootstockVersion ?? 'not stamped (not a Rootstock stack)'}`);
    out.push(`- Template: \`${s.templateFile}\``);
    out.push(
      `- Controls: ${s.summary.met} met, ${s.summary.notMet} not met, ${s.summary.acknowledged} acknowledged, ${s.summary.notApplicable} not applicable (no resource in scope), ${s.summary.notAssessed} not assessed by the NHS rules`,
    );
    out.push(`- Findings: ${s.summary.openFindings} open, ${s.summary.acknowledgedFindings} acknowledged`, '');
    out.push(
      '### Controls',
      '',
      'A control is met only when one of its rules checked a resource in this stack and passed; not applicable when none of its rules had a resource in scope.',
      '',
      '| Control | Name | Status | Resources checked | Rules | Acknowledgements |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const c of s.controls.filter((x) => x.status !== 'not assessed')) {
      const rules = c.rules.map((r) => `${r.ruleId} (${ruleText(r)})`).join('<br>') || '-';
      const acks = c.acknowledgements.map((a) => mdCell(ackText(a))).join('<br>') || '-';
      out.push(`| ${controlLabel(c)} | ${mdCell(c.name)} | ${c.status} | ${resourcesText(c)} | ${mdCell(rules)} | ${acks} |`);
    }
    const unassessed = s.controls.filter((x) => x.status === 'not assessed');
    if (unassessed.length) out.push('', `Not assessed by the NHS rules (evidence these by other means): ${unassessed.map((c) => `${controlLabel(c)} ${c.name}`).join('; ')}.`);
    out.push('', '### Findings', '');
    if (s.findings.length === 0) out.push('No findings from any pack.', '');
    else {
      out.push('| Status | Pack | Rule | Level | Resource | Message | Controls | Acknowledgement |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const f of s.findings) {
        const res = `${f.logicalId ?? f.constructPath}${f.resourceType ? ` (${f.resourceType})` : ''}`;
        out.push(
          `| ${f.status} | ${mdCell(f.pack)} | ${mdCell(f.ruleId)} | ${mdCell(f.level)} | ${mdCell(res)} | ${mdCell(f.message)} | ${mdCell(f.controls.join(', ') || '-')} | ${f.acknowledgement ? mdCell(ackText(f.acknowledgement)) : '-'} |`,
        );
      }
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

const STATUS_CLASS: Record<ControlStatus | RuleStatus | 'open', string> = {
  met: 'met',
  passed: 'met',
  'not met': 'notmet',
  failed: 'notmet',
  open: 'notmet',
  acknowledged: 'ack',
  'not applicable': 'notapp',
  'not assessed': 'na',
};

/** evidence.html: a self-contained page (inline CSS, no scripts or external assets) for an assessor. */
export function renderEvidenceHtml(e: Evidence): string {
  const h = escapeHtml;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance evidence: ${h(e.stacks.map((s) => s.stack).join(', '))}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; margin: 2rem; color: #212b32; line-height: 1.4; }
h1, h2, h3 { color: #005eb8; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; font-size: 0.9rem; }
th, td { border: 1px solid #d8dde0; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f4f5; }
.status { font-weight: bold; white-space: nowrap; }
.met { background: #d5f5e3; color: #00703c; }
.notmet { background: #fde2e1; color: #b10e1e; }
.ack { background: #fff4cc; color: #7a5a00; }
.na { background: #f0f4f5; color: #4c6272; }
.notapp { background: #e8edee; color: #425563; }
.summary span { display: inline-block; margin-right: 1rem; padding: 0.2rem 0.6rem; border-radius: 4px; }
code { background: #f0f4f5; padding: 0 0.2rem; }
</style>
</head>
<body>
<h1>Compliance evidence</h1>
<p>Generated ${h(e.generatedAt)} by Rootstock ${h(e.generatorVersion)} from <code>${h(e.cloudAssembly)}</code>. DSPT ids follow ${h(e.cafVersion)}.
A control is <em>met</em> when at least one NHS rule behind it checked a resource in the stack and every rule passed, <em>not met</em> when any has an open finding, <em>acknowledged</em> when its only findings are acknowledged with a reason, approver and expiry, <em>not applicable</em> when none of its rules had a resource in scope in the stack (nothing to judge, so nothing is evidenced), and <em>not assessed</em> when no NHS rule evidences it.</p>
`);
  for (const s of e.stacks) {
    parts.push(`<h2>${h(stackTitle(s))}</h2>
<p>Rootstock version: <strong>${h(s.rootstockVersion ?? 'not stamped (not a Rootstock stack)')}</strong>. Template: <code>${h(s.templateFile)}</code>.</p>
<p class="summary"><span class="met">${s.summary.met} met</span><span class="notmet">${s.summary.notMet} not met</span><span class="ack">${s.summary.acknowledged} acknowledged</span><span class="notapp">${s.summary.notApplicable} not applicable</span><span class="na">${s.summary.notAssessed} not assessed</span>
Findings: ${s.summary.openFindings} open, ${s.summary.acknowledgedFindings} acknowledged.</p>
<h3>Controls</h3>
<table>
<thead><tr><th>Control</th><th>Name</th><th>Status</th><th>Resources checked</th><th>Rules</th><th>Acknowledgements</th></tr></thead>
<tbody>
`);
    for (const c of s.controls.filter((x) => x.status !== 'not assessed')) {
      const rules = c.rules.map((r) => `${h(r.ruleId)} <span class="${STATUS_CLASS[r.status]}">${h(ruleText(r))}</span>`).join('<br>') || '&ndash;';
      const acks = c.acknowledgements.map((a) => h(ackText(a))).join('<br>') || '&ndash;';
      parts.push(`<tr><td>${h(controlLabel(c))}</td><td>${h(c.name)}</td><td class="status ${STATUS_CLASS[c.status]}">${h(c.status)}</td><td>${h(resourcesText(c))}</td><td>${rules}</td><td>${acks}</td></tr>\n`);
    }
    parts.push('</tbody>\n</table>\n');
    const unassessed = s.controls.filter((x) => x.status === 'not assessed');
    if (unassessed.length) parts.push(`<p><span class="na">Not assessed</span> by the NHS rules (evidence these by other means): ${unassessed.map((c) => `${h(controlLabel(c))} ${h(c.name)}`).join('; ')}.</p>\n`);
    parts.push('<h3>Findings</h3>\n');
    if (s.findings.length === 0) parts.push('<p>No findings from any pack.</p>\n');
    else {
      parts.push('<table>\n<thead><tr><th>Status</th><th>Pack</th><th>Rule</th><th>Level</th><th>Resource</th><th>Message</th><th>Controls</th><th>Acknowledgement</th></tr></thead>\n<tbody>\n');
      for (const f of s.findings) {
        const res = `${f.logicalId ?? f.constructPath}${f.resourceType ? ` (${f.resourceType})` : ''}`;
        parts.push(
          `<tr><td class="status ${STATUS_CLASS[f.status]}">${h(f.status)}</td><td>${h(f.pack)}</td><td>${h(f.ruleId)}</td><td>${h(f.level)}</td><td>${h(res)}<br><small>${h(f.constructPath)}</small></td><td>${h(f.message)}</td><td>${h(f.controls.join(', ') || '-')}</td><td>${f.acknowledgement ? h(ackText(f.acknowledgement)) : '&ndash;'}</td></tr>\n`,
        );
      }
      parts.push('</tbody>\n</table>\n');
    }
  }
  parts.push('</body>\n</html>\n');
  return parts.join('');
}
