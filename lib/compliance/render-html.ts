import type { ControlStatus } from '../../policies/control-status';
import type { EvidenceAcknowledgement, EvidenceRuleResult, Evidence, StackEvidence } from './evidence';
import { approverText, controlLabel, countsText, escapeHtml as h, findingsText, ruleText, splitRules, stackAnchor, stackTitle } from './render';

const STATUS_CLASS: Record<ControlStatus | EvidenceRuleResult['status'] | 'open', string> = {
  met: 'met',
  passed: 'met',
  'partially evidenced': 'partial',
  'not met': 'notmet',
  failed: 'notmet',
  'could not evaluate': 'notmet',
  open: 'notmet',
  acknowledged: 'ack',
  'not applicable': 'notapp',
  'not assessed': 'na',
};

// Fixed layout with wrapping cells: the page never scrolls sideways, however long a reason or path.
const STYLE = `
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; margin: 0; padding: 1rem 1.5rem 3rem; color: #212b32; line-height: 1.4; max-width: 100%; }
h1, h2, h3 { color: #005eb8; }
h2 { border-top: 4px solid #005eb8; padding-top: 0.6rem; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 1.5rem; font-size: 0.88rem; }
th, td { border: 1px solid #d8dde0; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
th { background: #f0f4f5; }
th.sortable { cursor: pointer; }
th.sortable::after { content: ' \\2195'; color: #768692; }
code { background: #f0f4f5; padding: 0 0.2rem; overflow-wrap: anywhere; }
.met { background: #d5f5e3; color: #00703c; }
.partial { background: #e6f0fa; color: #003d78; }
.notmet { background: #fde2e1; color: #b10e1e; }
.ack { background: #fff4cc; color: #7a5a00; }
.notapp { background: #e8edee; color: #425563; }
.na { background: #f0f4f5; color: #4c6272; }
.status { font-weight: bold; }
.num { text-align: right; }
.banner { border-left: 6px solid #b10e1e; background: #fde2e1; padding: 0.6rem 0.8rem; }
.note { color: #4c6272; font-size: 0.85rem; }
ul.columns { columns: 3 16rem; padding-left: 1.2rem; }
nav ol { padding-left: 1.2rem; }
nav li li { display: inline; margin-right: 0.8rem; }
nav li li::after { content: ''; }
`;

// Click a column heading of a sortable table to sort by it (again to reverse). No data leaves the page.
const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, col) {
    th.classList.add('sortable');
    th.addEventListener('click', function () {
      var body = table.tBodies[0];
      var dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
      th.dataset.dir = dir;
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.key || a.cells[col].textContent;
        var y = b.cells[col].dataset.key || b.cells[col].textContent;
        return (dir === 'asc' ? 1 : -1) * x.localeCompare(y);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
`;

function cols(widths: number[]): string {
  return `<colgroup>${widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`;
}

function glance(e: Evidence): string {
  const rows = e.stacks.map((s) => {
    const x = s.summary;
    const cell = (n: number, cls: string) => `<td class="num${n ? ` ${cls}` : ''}">${n}</td>`;
    return `<tr><td><a href="#${stackAnchor(s)}">${h(stackTitle(s))}</a></td><td class="num${x.packsRan < s.packs.length ? ' na' : ''}">${x.packsRan} of ${s.packs.length}</td>${cell(x.met, 'met')}${cell(x.partiallyEvidenced, 'partial')}${cell(x.notMet, 'notmet')}${cell(x.acknowledged, 'ack')}${cell(x.notApplicable, 'notapp')}${cell(x.notAssessed, 'na')}${cell(x.openFindings, 'notmet')}<td class="num">${x.trustAcknowledgements} / ${x.libraryAcknowledgements}</td><td>${h(s.securityServicesOff.map((o) => o.label).join(', ') || 'none')}</td></tr>`;
  });
  return `<section id="at-a-glance"><h2>At a glance</h2>
<p>Controls per stack by status; findings open; acknowledged findings by the trust / by the library's design review.</p>
<table>${cols([22, 7, 6, 8, 7, 8, 8, 8, 7, 9, 10])}
<thead><tr><th rowspan="2">Stack</th><th rowspan="2">Packs ran</th><th colspan="6">Controls</th><th colspan="2">Findings</th><th rowspan="2">Security services off</th></tr>
<tr><th>Met</th><th>Partially evidenced</th><th>Not met</th><th>Acknow&shy;ledged</th><th>Not applicable</th><th>Not assessed</th><th>Open</th><th>Acknow&shy;ledged, trust / library</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></section>`;
}

function ackTable(list: readonly EvidenceAcknowledgement[], id: string, title: string, explain: string): string {
  const head = `<h3 id="${id}">${h(title)} (${list.length})</h3><p class="note">${h(explain)}</p>`;
  if (list.length === 0) return `${head}<p>None.</p>`;
  const rows = list.map(
    (a) =>
      `<tr><td data-key="${h(a.expires ?? '9999-99-99')}"${a.problem ? ' class="notmet"' : ''}>${h(a.expires ?? 'not recorded')}${a.problem ? `<br><small>${h(a.problem)}</small>` : ''}</td><td>${h(a.ruleId)}<br><small>${h(a.plugin)}</small></td><td>${h(a.logicalId ?? a.resource)}<br><small>${h(a.resource)}</small></td><td>${h(a.reason)}</td><td>${h(approverText(a))}</td></tr>`,
  );
  return `${head}<table class="sortable">${cols([11, 22, 22, 32, 13])}<thead><tr><th data-dir="asc" title="sorted soonest first">Expires</th><th>Rule</th><th>Resource</th><th>Reason</th><th>Approved by</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function stackSection(s: StackEvidence): string {
  const a = stackAnchor(s);
  const nhs = s.packs.find((p) => p.plugin === 'NhsTrustChecks');
  const parts: string[] = [];
  parts.push(`<section id="${a}"><h2>${h(stackTitle(s))}</h2>
<p>Rootstock version <strong>${h(s.rootstockVersion ?? 'not stamped (not a Rootstock stack)')}</strong>. Template <code>${h(s.templateFile)}</code>.</p>
<p>Controls: ${h(countsText(s))}. Findings: ${h(findingsText(s))}.</p>`);
  if (nhs && !nhs.ran) parts.push(`<p class="banner">${h(nhs.notAssessed)}. No control below is evidenced for this stack.</p>`);
  parts.push(`<h3 id="${a}-packs">Packs</h3><table>${cols([26, 30, 10, 8, 10, 8, 8])}<thead><tr><th>Pack</th><th>Ran over this stack</th><th>Version</th><th>Rules</th><th>Resources checked</th><th>Open</th><th>Acknow&shy;ledged</th></tr></thead><tbody>
${s.packs.map((p) => `<tr><td>${h(p.label)}<br><small>${h(p.plugin)}</small></td><td class="${p.ran ? 'met' : 'na'}">${p.ran ? 'yes, recorded' : h(p.notAssessed)}</td><td>${h(p.version ?? '-')}</td><td class="num">${p.ruleCount ?? '-'}</td><td class="num">${p.resourcesChecked ?? '-'}</td><td class="num">${p.openFindings}</td><td class="num">${p.acknowledgedFindings}</td></tr>`).join('\n')}
</tbody></table>`);
  if (s.securityServicesOff.length) {
    parts.push(`<h3 id="${a}-services">Security services turned off</h3><table>${cols([20, 50, 30])}<thead><tr><th>Service</th><th>Reason given</th><th>Controls it served</th></tr></thead><tbody>
${s.securityServicesOff.map((o) => `<tr><td>${h(o.label)}</td><td>${h(o.reason)}</td><td>${h(o.controls.join(', '))}</td></tr>`).join('\n')}
</tbody></table>`);
  }
  const assessed = s.controls.filter((c) => c.rules.length > 0 || c.turnedOff.length > 0);
  parts.push(`<h3 id="${a}-controls">Controls (${assessed.length})</h3><table>${cols([17, 10, 23, 50])}<thead><tr><th>Control</th><th>Status</th><th>Why</th><th>Rules and resources behind it</th></tr></thead><tbody>`);
  for (const c of assessed) {
    const { applied, idle } = splitRules(c);
    const rules = applied.map((r) => `<div class="${STATUS_CLASS[r.status]}">${h(ruleText(r))}</div>`).join('');
    const idleText = idle.length ? `<div class="note">Nothing in scope: ${h(idle.join(', '))}</div>` : '';
    const off = c.turnedOff.map((t) => `<div class="ack">${h(t.label)} turned off: ${h(t.reason)} (it served: ${h(t.served)})</div>`).join('');
    parts.push(`<tr id="${a}-${h(c.id)}"><td>${h(controlLabel(c))}</td><td class="status ${STATUS_CLASS[c.status]}">${h(c.status)}</td><td>${h(c.why)}</td><td>${rules}${idleText}${off || ''}</td></tr>\n`);
  }
  parts.push('</tbody></table>');
  const unmapped = s.controls.filter((c) => c.rules.length === 0 && c.turnedOff.length === 0);
  parts.push(`<h3 id="${a}-unmapped">Controls no NHS rule evidences (${unmapped.length})</h3><p class="note">Not assessed here: evidence these by other means.</p><ul class="columns">${unmapped.map((c) => `<li>${h(controlLabel(c))}</li>`).join('')}</ul>`);
  parts.push(ackTable(s.acknowledgements.filter((x) => !x.library), `${a}-trust-acks`, "The trust's own acknowledgements", 'Findings the trust accepted, soonest expiry first; click a heading to sort.'));
  parts.push(ackTable(s.acknowledgements.filter((x) => x.library), `${a}-library-acks`, "The library's reviewed acknowledgements", 'Findings Rootstock\'s design accepts, reviewed by its maintainers, the same in every trust stack; soonest expiry first.'));
  const open = s.findings.filter((f) => f.status === 'open');
  parts.push(`<h3 id="${a}-findings">Open findings (${open.length})</h3>`);
  if (open.length === 0) parts.push('<p>None.</p>');
  else {
    parts.push(`<table class="sortable">${cols([14, 20, 7, 22, 27, 10])}<thead><tr><th>Pack</th><th>Rule</th><th>Level</th><th>Resource</th><th>Message</th><th>Controls</th></tr></thead><tbody>
${open.map((f) => `<tr><td>${h(f.pack)}</td><td>${h(f.ruleId)}</td><td class="notmet">${h(f.level)}</td><td>${h(f.logicalId ?? f.constructPath)}${f.resourceType ? `<br><small>${h(f.resourceType)}</small>` : ''}</td><td>${h(f.message)}</td><td>${h(f.controls.join(', ') || '-')}</td></tr>`).join('\n')}
</tbody></table>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}

function contents(e: Evidence): string {
  const sub = (s: StackEvidence) => {
    const a = stackAnchor(s);
    const items: Array<[string, string]> = [['packs', 'Packs'], ...(s.securityServicesOff.length ? [['services', 'Services off'] as [string, string]] : []), ['controls', 'Controls'], ['trust-acks', "Trust's acknowledgements"], ['library-acks', "Library's acknowledgements"], ['findings', 'Open findings']];
    return `<li><a href="#${a}">${h(stackTitle(s))}</a><ol>${items.map(([id, t]) => `<li><a href="#${a}-${id}">${h(t)}</a></li>`).join('')}</ol></li>`;
  };
  return `<nav aria-label="Contents"><h2>Contents</h2><ol><li><a href="#at-a-glance">At a glance</a></li><li><a href="#statuses">What the statuses mean</a></li>${e.stacks.map(sub).join('')}</ol></nav>`;
}

/** evidence.html: one self-contained page (inline CSS and a small sorting script, no external assets). */
export function renderEvidenceHtml(e: Evidence): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance evidence: ${h(e.stacks.map((s) => s.stack).join(', '))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Compliance evidence</h1>
<p>Generated ${h(e.generatedAt)} by Rootstock ${h(e.generatorVersion)} from <code>${h(e.cloudAssembly)}</code>. DSPT ids follow ${h(e.cafVersion)}.</p>
${contents(e)}
${glance(e)}
<section id="statuses"><h2>What the statuses mean</h2><dl>${Object.entries(e.statusDefinitions).map(([k, v]) => `<dt class="status ${STATUS_CLASS[k as ControlStatus]}">${h(k)}</dt><dd>${h(v)}.</dd>`).join('')}</dl></section>
${e.stacks.map(stackSection).join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
