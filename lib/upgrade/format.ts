import type { ReplacingProperty, UpgradeCheckResult } from './upgrade-check';

const PROPERTY_NOTE: Record<ReplacingProperty['replaces'], string> = { yes: ' (forces replacement)', maybe: ' (may force replacement)', refused: ' (CloudFormation refuses this change)' };

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  if (s === undefined) return '(unset)';
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The human-readable report printed by `rootstock upgrade-check`. */
export function formatUpgradeCheck(result: UpgradeCheckResult): string {
  const lines = [`upgrade-check: baseline ${result.baseline} -> candidate ${result.candidate}`, ''];
  for (const s of result.stacks) {
    const counts = `${s.added} added, ${s.modified} modified, ${s.removed} removed`;
    const verdict = s.problems.length
      ? 'FAIL'
      : s.status === 'not-synthesised'
        ? `not compared: ${s.note}`
        : s.status === 'unchanged'
          ? 'ok (no changes)'
          : s.status === 'added'
            ? `ok (new stack, nothing to compare: ${s.added} resources, none released yet)`
            : `ok (${counts})`;
    lines.push(`${s.stackName}: ${verdict}`);
    for (const p of s.problems) {
      lines.push(`  x ${p.logicalId} ${p.type}${p.constructPath ? ` (${p.constructPath})` : ''}: ${p.reason}`);
      for (const prop of p.properties) lines.push(`      ${prop.name}: ${short(prop.oldValue)} -> ${short(prop.newValue)}${PROPERTY_NOTE[prop.replaces]}`);
    }
    if (s.problems.length && s.status === 'changed') lines.push(`  other changes: ${counts}`);
  }
  const total = result.stacks.reduce((n, s) => n + s.problems.length, 0);
  const skipped = result.stacks.filter((s) => s.status === 'not-synthesised').length;
  lines.push('');
  lines.push(
    result.ok
      ? `OK: no stateful resource would be replaced or removed${skipped ? ` in the ${result.stacks.length - skipped} stack(s) compared (${skipped} not in the candidate synth, not compared)` : ''}.`
      : `FAILED: ${total} stateful resource change(s) would lose data or take it out of management. ` +
          'Keep construct ids and replacement-only properties stable (construct ids never change between versions: README, Upgrade check). ' +
          'If the change is deliberate, migrate the data first, then refresh the baseline (npm run baselines) in the same change, for review.',
  );
  return `${lines.join('\n')}\n`;
}
