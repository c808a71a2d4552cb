import { mdCell } from '../../policies/rules-md';
import type { EvidenceAcknowledgement, EvidenceControl, EvidenceRuleResult, Evidence, StackEvidence } from './evidence';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `B3.c Stored data`: how a control reads in a report (claimed controls marked). */
export function controlLabel(c: Pick<EvidenceControl, 'id' | 'name'> & { claimed?: boolean }): string {
  return `${c.id} ${c.name}${c.claimed ? ' (claimed)' : ''}`;
}

/** `Rootstock-RXX-prod (RXX, prod)`. */
export function stackTitle(s: StackEvidence): string {
  return `${s.stack}${s.odsCode ? ` (${s.odsCode}${s.environment ? `, ${s.environment}` : ''})` : ''}`;
}

/** An anchor id for a stack's section. */
export function stackAnchor(s: StackEvidence): string {
  return `stack-${s.stack.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** A rule's line under a control: status, what it judged, and the resources in its scope. */
export function ruleText(r: EvidenceRuleResult): string {
  if (r.status === 'not applicable' || r.status === 'not assessed') return `${r.ruleId}: ${r.status}`;
  const c = r.counts;
  const counts = c ? `${c.compliant} passed, ${c.nonCompliant} failed${c.errors ? `, ${c.errors} could not evaluate` : ''}` : 'no per-resource counts';
  const on = r.resources.length ? ` on ${r.resources.join(', ')}` : '';
  return `${r.ruleId}: ${r.status} (${counts})${on}${r.acknowledgedFindings ? `; ${r.acknowledgedFindings} acknowledged` : ''}${r.justification ? `. Why it evidences this: ${r.justification}` : ''}`;
}

/** The rules that judged something, and the names of those that did not. */
export function splitRules(c: EvidenceControl): { applied: EvidenceRuleResult[]; idle: string[] } {
  return {
    applied: c.rules.filter((r) => r.status !== 'not applicable' && r.status !== 'not assessed'),
    idle: c.rules.filter((r) => r.status === 'not applicable' || r.status === 'not assessed').map((r) => r.ruleId),
  };
}

/** `J Smith, SIRO`, or what is missing. */
export function approverText(a: EvidenceAcknowledgement): string {
  return a.approvedBy ?? 'not recorded';
}

/** The per-stack control counts, the same words everywhere. */
export function countsText(s: StackEvidence): string {
  const x = s.summary;
  return `${x.met} met, ${x.partiallyEvidenced} partially evidenced, ${x.notMet} not met, ${x.acknowledged} acknowledged, ${x.notApplicable} not applicable, ${x.notAssessed} not assessed`;
}

/** The per-stack finding counts, the same words everywhere. */
export function findingsText(s: StackEvidence): string {
  const x = s.summary;
  return `${x.openFindings} open; ${x.acknowledgedFindings} acknowledged (${x.trustAcknowledgements} by the trust, ${x.libraryAcknowledgements} by the library's design review)`;
}

function ackRows(list: readonly EvidenceAcknowledgement[]): string[] {
  if (list.length === 0) return ['None.', ''];
  return [
    '| Expires | Pack | Rule | Resource | Reason | Approved by |',
    '| --- | --- | --- | --- | --- | --- |',
    ...list.map((a) => `| ${a.expires ?? 'not recorded'}${a.problem ? ` (${mdCell(a.problem)})` : ''} | ${mdCell(a.plugin)} | ${mdCell(a.ruleId)} | ${mdCell(a.logicalId ?? a.resource)} | ${mdCell(a.reason)} | ${mdCell(approverText(a))} |`),
    '',
  ];
}

/** evidence.md: the same content as the HTML, for reviews in git. */
export function renderEvidenceMarkdown(e: Evidence): string {
  const out: string[] = ['# Compliance evidence', '', `Generated ${e.generatedAt} by Rootstock ${e.generatorVersion} from \`${e.cloudAssembly}\`. DSPT ids follow ${e.cafVersion}.`, ''];
  out.push('## At a glance', '', '| Stack | Packs ran | Controls | Findings | Security services off |', '| --- | --- | --- | --- | --- |');
  for (const s of e.stacks) out.push(`| ${mdCell(stackTitle(s))} | ${s.summary.packsRan} of ${s.packs.length} | ${countsText(s)} | ${mdCell(findingsText(s))} | ${s.securityServicesOff.map((x) => x.label).join(', ') || 'none'} |`);
  out.push('', '## What the statuses mean', '', ...Object.entries(e.statusDefinitions).map(([k, v]) => `- **${k}**: ${v}.`), '');
  for (const s of e.stacks) {
    out.push(`## ${stackTitle(s)}`, '', `- Rootstock version: ${s.rootstockVersion ?? 'not stamped (not a Rootstock stack)'}`, `- Template: \`${s.templateFile}\``, `- Controls: ${countsText(s)}`, `- Findings: ${findingsText(s)}`, '');
    out.push('### Packs', '', '| Pack | Ran | Version | Rules | Resources checked | Open | Acknowledged |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const p of s.packs) out.push(`| ${mdCell(p.label)} (${p.plugin}) | ${p.ran ? 'yes' : mdCell(p.notAssessed ?? 'no')} | ${p.version ?? '-'} | ${p.ruleCount ?? '-'} | ${p.resourcesChecked ?? '-'} | ${p.openFindings} | ${p.acknowledgedFindings} |`);
    out.push('');
    if (s.securityServicesOff.length) {
      out.push('### Security services turned off', '', '| Service | Reason | Controls it served |', '| --- | --- | --- |');
      for (const x of s.securityServicesOff) out.push(`| ${x.label} | ${mdCell(x.reason)} | ${x.controls.join(', ')} |`);
      out.push('');
    }
    out.push('### Controls', '', '| Control | Status | Why | Rules that judged resources | Rules with nothing in scope | Turned off |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of s.controls.filter((x) => x.rules.length > 0 || x.turnedOff.length > 0)) {
      const { applied, idle } = splitRules(c);
      out.push(
        `| ${mdCell(controlLabel(c))} | ${c.status} | ${mdCell(c.why)} | ${mdCell(applied.map(ruleText).join('; ') || '-')} | ${mdCell(idle.join(', ') || '-')} | ${mdCell(c.turnedOff.map((t) => `${t.label}: ${t.reason}`).join('; ') || '-')} |`,
      );
    }
    const unmapped = s.controls.filter((x) => x.rules.length === 0 && x.turnedOff.length === 0);
    out.push('', `### Controls no NHS rule evidences (${unmapped.length})`, '', ...unmapped.map((c) => `- ${controlLabel(c)}`), '');
    out.push(`### The trust's own acknowledgements (${s.summary.trustAcknowledgements})`, '', ...ackRows(s.acknowledgements.filter((a) => !a.library)));
    out.push(`### The library's reviewed acknowledgements (${s.summary.libraryAcknowledgements})`, '', ...ackRows(s.acknowledgements.filter((a) => a.library)));
    const open = s.findings.filter((f) => f.status === 'open');
    out.push(`### Open findings (${open.length})`, '');
    if (open.length === 0) out.push('None.', '');
    else {
      out.push('| Pack | Rule | Level | Resource | Message | Controls |', '| --- | --- | --- | --- | --- | --- |');
      for (const f of open) out.push(`| ${mdCell(f.pack)} | ${mdCell(f.ruleId)} | ${f.level} | ${mdCell(`${f.logicalId ?? f.constructPath}${f.resourceType ? ` (${f.resourceType})` : ''}`)} | ${mdCell(f.message)} | ${f.controls.join(', ') || '-'} |`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}
