import type { FleetStatusRow } from './status';

/** What needs attention on a trust; any flag makes `fleet-status` exit 1. */
export type FleetFlag = 'drifted' | 'drift unknown' | 'out of support' | 'failed' | 'unreachable' | 'not deployed' | 'expiring';

/** The flags of one row; `expiryDays` is how close an acknowledgement expiry must be to count. */
export function flagsOf(row: FleetStatusRow, expiryDays: number): FleetFlag[] {
  const flags: FleetFlag[] = [];
  if (row.stackStatus === 'UNREACHABLE') flags.push('unreachable');
  else if (row.stackStatus === 'NOT_DEPLOYED') flags.push('not deployed');
  else if (/FAILED|ROLLBACK/.test(row.stackStatus)) flags.push('failed');
  if (row.drift.status === 'DRIFTED') flags.push('drifted');
  if (row.drift.status === 'UNKNOWN') flags.push('drift unknown');
  if (row.support === 'out of support') flags.push('out of support');
  if (row.expiresInDays !== undefined && row.expiresInDays <= expiryDays) flags.push('expiring');
  return flags;
}

/** The report: rows with their flags, counts per flag, and the exit code. */
export interface FleetReport {
  readonly latestVersion: string;
  readonly expiryDays: number;
  readonly rows: ReadonlyArray<FleetStatusRow & { readonly flags: readonly FleetFlag[] }>;
  readonly summary: { readonly trusts: number; readonly healthy: number } & Partial<Record<FleetFlag, number>>;
  /** 0 when no trust has a flag, 1 otherwise. */
  readonly exitCode: 0 | 1;
}

/** Builds the report from the rows: flags per trust, counts, exit code. */
export function fleetReport(rows: readonly FleetStatusRow[], expiryDays: number): FleetReport {
  const flagged = rows.map((r) => ({ ...r, flags: flagsOf(r, expiryDays) }));
  const summary: Record<string, number> = { trusts: rows.length, healthy: flagged.filter((r) => r.flags.length === 0).length };
  for (const r of flagged) for (const f of r.flags) summary[f] = (summary[f] ?? 0) + 1;
  return { latestVersion: rows[0]?.latestVersion ?? '', expiryDays, rows: flagged, summary: summary as FleetReport['summary'], exitCode: flagged.some((r) => r.flags.length) ? 1 : 0 };
}

function cells(r: FleetReport['rows'][number]): string[] {
  const drift = r.drift.status === 'DRIFTED' ? `DRIFTED (${r.drift.resources.length})` : r.drift.status;
  const expiry = r.compliance?.nearestExpiry ? `${r.compliance.nearestExpiry.date} (${r.expiresInDays} d)` : '-';
  return [r.trust, r.wave, r.account, r.stackStatus, r.deployedVersion ?? '-', r.behindBy, drift, r.compliance ? String(r.compliance.acknowledged) : '-', expiry, r.flags.join(', ') || 'ok'];
}

const HEADER = ['trust', 'wave', 'account', 'stack status', 'deployed', 'behind by', 'drift', 'acks', 'next expiry', 'flags'];

function summaryLine(report: FleetReport): string {
  const counts = Object.entries(report.summary).filter(([k]) => k !== 'trusts' && k !== 'healthy').map(([k, v]) => `${v} ${k}`);
  return `${report.summary.trusts} trust(s) against ${report.latestVersion}: ${report.summary.healthy} healthy${counts.length ? `, ${counts.join(', ')}` : ''} (expiring: within ${report.expiryDays} days).`;
}

function details(report: FleetReport): string[] {
  const lines: string[] = [];
  for (const r of report.rows) {
    for (const d of r.drift.resources) lines.push(`${r.trust}: ${d.logicalId} (${d.type}) ${d.status}`);
    if (r.drift.reason && r.drift.status === 'UNKNOWN') lines.push(`${r.trust}: ${r.drift.reason}`);
    if (r.reason) lines.push(`${r.trust}: ${r.reason}`);
    if (r.flags.includes('expiring') && r.compliance?.nearestExpiry) lines.push(`${r.trust}: acknowledgement of ${r.compliance.nearestExpiry.ruleId} expires ${r.compliance.nearestExpiry.date}`);
  }
  return lines;
}

/** The report as a text table, with the details (drifted resources, reasons) and a summary line. */
export function formatFleetTable(report: FleetReport): string {
  const body = report.rows.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (c: string[]): string => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  const d = details(report);
  return `${[line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')}\n${d.length ? `\n${d.join('\n')}\n` : ''}\n${summaryLine(report)}\n`;
}

/** The report as Markdown: a table, the details as a list, and the summary. */
export function formatFleetMarkdown(report: FleetReport): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = report.rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`);
  const d = details(report);
  return [
    '# Rootstock fleet status',
    '',
    summaryLine(report),
    '',
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...rows,
    ...(d.length ? ['', '## Details', '', ...d.map((x) => `- ${esc(x)}`)] : []),
    '',
  ].join('\n');
}

/** The report as JSON (rows with flags, summary, exit code). */
export function formatFleetJson(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
