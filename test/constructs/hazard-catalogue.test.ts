import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { riskRating, type RecordedHazard } from '../../constructs/core/hazards';
import { buildingBlocksWithoutHazards, HAZARD_CATALOGUE, hazardsOf } from '../../constructs/hazard-catalogue';
import { auditedFhirStoreHazards } from '../../constructs/fhir/hazards';
import { ArchiveDelivery } from '../../constructs/logging/archive-delivery';
import * as api from '../../lib';
import { loadTrustFile, listTrustFiles } from '../../lib/config/loader';
import { TrustStack } from '../../lib/trust-stack';
import { NHS_RULES } from '../../policies/rules';

const repo = path.join(__dirname, '..', '..');
const hazards = HAZARD_CATALOGUE.flatMap((e) => e.hazards);

/** Every construct class the package exports: a building block a trust can put in its stack. */
type ConstructClass = abstract new (...args: never[]) => IConstruct;
const exportedConstructClasses: ConstructClass[] = (Object.values(api) as unknown[]).filter(
  (v): v is ConstructClass => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Construct,
);

/**
 * The full names of the tests in a file, as jest prints them: the enclosing `describe` titles and
 * the test title joined by spaces (nesting read from indentation, which the formatter keeps).
 */
function fullTestNames(file: string): string[] {
  const names: string[] = [];
  const stack: Array<{ indent: number; title: string }> = [];
  const call = /^(\s*)(describe|test|it)(?:\.each\([\s\S]*?\))?\((['"`])((?:\\.|(?!\3).)*)\3/;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = call.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    const title = m[4].replace(/\\(.)/g, '$1');
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    if (m[2] === 'describe') {
      stack.push({ indent, title });
      names.push(stack.map((d) => d.title).join(' '));
    } else names.push([...stack.map((d) => d.title), title].join(' '));
  }
  return names;
}

/** Whether `implementedBy` names something that exists: an NHS rule, a file, a props field, an exported symbol or a CLI command. */
function traced(implementedBy: string): string[] {
  const missing: string[] = [];
  for (const part of implementedBy.split(';').map((p) => p.trim().split(' (')[0])) {
    if (part.startsWith('NHS-')) {
      if (!NHS_RULES.some((r) => `NHS-${r.id}` === part)) missing.push(`rule ${part}`);
    } else if (part.includes('/')) {
      if (!fs.existsSync(path.join(repo, part))) missing.push(`file ${part}`);
    } else if (part.startsWith('rootstock ')) {
      const command = part.split(' ')[1];
      if (!fs.existsSync(path.join(repo, 'lib', 'cli', 'commands', `${command}.ts`))) missing.push(`command ${part}`);
    } else {
      const [symbol, field] = part.split('.');
      // A props interface has no runtime value: it is judged by its declaration below.
      if (!field && !(symbol in api)) missing.push(`export ${symbol}`);
      if (field) {
        // A method or static of an exported class, or a field of a props interface.
        const member = symbol in api && typeof (api as Record<string, unknown>)[symbol] === 'function' && field in (((api as unknown as Record<string, { prototype?: object }>)[symbol].prototype ?? {}) as object);
        const staticMember = symbol in api && field in ((api as unknown as Record<string, object>)[symbol] as object);
        const declared = member || staticMember || HAZARD_SOURCES.some((text) => new RegExp(`interface ${symbol}\\b[\\s\\S]*?readonly ${field}\\??:`).test(text));
        if (!declared) missing.push(`field ${part}`);
      }
    }
  }
  return missing;
}
const HAZARD_SOURCES = ['constructs/fhir/audited-fhir-store.ts', 'constructs/identity/trust-identity.ts'].map((f) => fs.readFileSync(path.join(repo, f), 'utf8'));

describe('the hazard catalogue (DCB0129 entries beside each building block)', () => {
  test('every hazard has a stable, unique id, and its residual risk is no worse than its initial risk', () => {
    const ids = hazards.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of hazards) {
      expect({ id: h.id, ok: /^HAZ-[A-Z]+-\d{3}$/.test(h.id) }).toEqual({ id: h.id, ok: true });
      expect({ id: h.id, better: riskRating(h.residualRisk) <= riskRating(h.initialRisk) && h.controls.length > 0 }).toEqual({ id: h.id, better: true });
    }
  });

  test.each(hazards.flatMap((h) => h.controls.map((c) => [h.id, c.description.slice(0, 60), c] as const)))(
    '%s, control "%s": traced to code that exists and to a test that exists under its full name',
    (_id, _d, control) => {
      // GIVEN the control WHEN its code and evidence are looked up THEN both exist
      expect(traced(control.implementedBy)).toEqual([]);
      const file = path.join(repo, control.evidence.file);
      expect({ file: control.evidence.file, exists: fs.existsSync(file) }).toEqual({ file: control.evidence.file, exists: true });
      const named = fullTestNames(file).includes(control.evidence.test);
      expect({ test: control.evidence.test, named }).toEqual({ test: control.evidence.test, named: true });
    },
  );

  test('fails on a control whose code or test does not exist', () => {
    expect(traced('NHS-NoSuchRule; constructs/none.ts; NoSuchConstruct; TrustIdentityProps.noSuchProp; rootstock no-such-command')).toEqual([
      'rule NHS-NoSuchRule', 'file constructs/none.ts', 'export NoSuchConstruct', 'field TrustIdentityProps.noSuchProp', 'command rootstock no-such-command',
    ]);
    const names = fullTestNames(__filename);
    expect(names).toContain('the hazard catalogue (DCB0129 entries beside each building block) fails on a control whose code or test does not exist');
    expect(names).not.toContain('fails on a control whose code or test does not exist');
  });
});

describe('hazards that depend on configuration', () => {
  test('emergency access misuse is a hazard of the FHIR store, and a control of a too narrow role policy, only where emergency access is configured', () => {
    // GIVEN a store without emergency access WHEN its hazards are listed THEN neither the misuse hazard nor the emergency control appears
    const without = auditedFhirStoreHazards({ emergencyAccess: false });
    expect(without.map((h) => h.id)).not.toContain('HAZ-FHIR-007');
    expect(without.flatMap((h) => h.controls).filter((c) => /emergency/i.test(c.description) || c.evidence.file.includes('emergency'))).toEqual([]);
    // AND with it, the misuse hazard is audited, alarmed and reviewed, and HAZ-FHIR-003 gains the emergency path
    const withEmergency = auditedFhirStoreHazards({ emergencyAccess: true });
    const misuse = withEmergency.find((h) => h.id === 'HAZ-FHIR-007')!;
    expect(misuse.controls.map((c) => c.description.split(':')[0])).toEqual(expect.arrayContaining(['Audited', 'Alarmed', 'Reviewed']));
    expect(withEmergency.find((h) => h.id === 'HAZ-FHIR-003')!.controls.map((c) => c.implementedBy)).toContain('constructs/fhir/runtime/emergency-access.ts');
    expect(new Set(withEmergency.map((h) => h.id)).size).toBe(withEmergency.length);
  });
});

describe('every building block in a trust stack has hazard entries', () => {
  const configs = [...listTrustFiles(path.join(repo, 'trusts')), ...listTrustFiles(path.join(repo, 'trusts', 'examples'))];

  test.each(configs.map((f) => [path.relative(repo, f)]))('%s: every exported construct in the stack is a catalogued building block or part of one', (file) => {
    // GIVEN the trust's stack
    const stack = new TrustStack(new App(), 'Trust', { trust: loadTrustFile(path.join(repo, file)).config });
    // THEN no building block is without hazards, and each catalogued one recorded its hazard ids
    expect(buildingBlocksWithoutHazards(stack, exportedConstructClasses).map((c) => `${c.constructor.name} at ${c.node.path}`)).toEqual([]);
    for (const c of stack.node.findAll().filter((x) => hazardsOf(x))) {
      const recorded = c.node.metadata.filter((m) => m.type === 'rootstock:hazards').flatMap((m) => m.data as RecordedHazard[]);
      expect(recorded.map((r) => r.id).sort()).toEqual(hazardsOf(c)!.map((h) => h.id).sort());
      for (const r of recorded) expect(r.controls).toEqual(hazardsOf(c)!.find((h) => h.id === r.id)!.controls.map((x) => x.description));
    }
  });

  test('fails when a construct is added to the stack with no hazard entries', () => {
    // GIVEN the example trust's stack WHEN a trust adds an exported building block of its own that has no entry
    const stack = new TrustStack(new App(), 'Trust', { trust: loadTrustFile(path.join(repo, 'trusts', 'example.yaml')).config });
    const key = new kms.Key(stack, 'ExtraKey', { enableKeyRotation: true });
    const logGroup = new api.AuditLogArchive(stack, 'ExtraArchive', { encryptionKey: key });
    new ArchiveDelivery(stack, 'ExtraDelivery', {
      source: new logs.LogGroup(stack, 'ExtraLog', { encryptionKey: key }),
      bucket: s3.Bucket.fromBucketName(stack, 'ExtraBucket', 'extra'),
      streamKey: key,
      prefix: 'extra/',
      errorOutputPrefix: 'extra-errors/',
      what: 'extra records',
      name: 'extra',
    });
    // THEN the uncovered one is named (the archive is catalogued, the bare delivery is not)
    expect(logGroup.node.path).toBe('Trust/ExtraArchive');
    expect(buildingBlocksWithoutHazards(stack, exportedConstructClasses).map((c) => c.node.path)).toEqual(['Trust/ExtraDelivery']);
  });

  test('sees every exported construct class', () => {
    expect(exportedConstructClasses.length).toBeGreaterThan(20);
    expect(exportedConstructClasses).toContain(ArchiveDelivery);
    expect(new Stack(new App(), 'S').node.findAll()).toHaveLength(1);
  });
});
