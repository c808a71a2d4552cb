import * as fs from 'fs';
import * as path from 'path';
import { readTemplateFile } from '../../../lib/assembly';
import { checkTemplates, type CheckResult } from '../../../lib/check/check';
import { readCheckInputs, type LoadedTemplate } from '../../../lib/check/inputs';

// Real public CloudFormation templates, read from a dev dependency (nothing vendored): the npm
// package cfn-lint (MIT) ships AWS's own sample templates (WordPress, Rails, Elastic Beanstalk,
// ELB stickiness, Windows roles) and the AWS SAM project's example templates in its testData.
// Its small issue reproductions are not real templates and are left out. See corpus/README.md.
const PACKAGE = path.dirname(require.resolve('cfn-lint/package.json'));
const CORPUS = path.join(PACKAGE, 'testData', 'valid');
const REAL = /^(json\/[1-4]\.json|yaml\/1\.yaml|yaml\/sam_20161031_[a-z0-9_]+\.yaml)$/;
const REVIEWED = path.join(__dirname, 'corpus', 'README.md');

function corpusTemplates(): LoadedTemplate[] {
  const files: string[] = [];
  for (const sub of ['json', 'yaml']) for (const f of fs.readdirSync(path.join(CORPUS, sub)).sort()) if (REAL.test(`${sub}/${f}`)) files.push(`${sub}/${f}`);
  return files.map((file) => ({ file, template: readTemplateFile(path.join(CORPUS, file)) as Record<string, unknown>, baseDir: path.dirname(path.join(CORPUS, file)) }));
}

/**
 * What must hold over any corpus: no crash storm, never an exit 0 over what was not checked, and
 * (for the vendored corpus) every template read; a template that cannot be read exits 2, never 0.
 */
function expectNoFalseAllClear(result: CheckResult, templates: readonly LoadedTemplate[], options: { allowUnreadable?: boolean } = {}): void {
  if (!options.allowUnreadable) expect(result.templates.filter((t) => t.problem).map((t) => `${t.template}: ${t.problem}`)).toEqual([]);
  expect(result.templates.filter((t) => t.problem && t.exitCode !== 2)).toEqual([]);
  // A rule that throws is not a finding about the resource: none may show, let alone one per rule.
  expect(result.findings.filter((f) => /threw an error/i.test(f.message)).map((f) => `${f.template} ${f.logicalId} ${f.ruleId}`)).toEqual([]);
  // Judged from the template text, not from the checker's own bookkeeping.
  // (SAM rewrites only its own AWS::Serverless::* resources; any other macro may rewrite anything.)
  const rewritten = templates.filter((t) => /"Type":"AWS::Serverless::|"Fn::Transform"|"Transform":"(?!AWS::LanguageExtensions"|AWS::Serverless-2016-10-31")/.test(JSON.stringify(t.template)));
  const passedAnyway = rewritten.map((t) => result.templates.find((r) => r.template === t.file)!).filter((r) => r.exitCode === 0 || r.unchecked === 0);
  expect(passedAnyway.map((r) => r.template)).toEqual([]);
}

/** The reviewed findings table: | template | resource | rule | verdict | why |. */
function reviewedFindings(): Array<{ key: string; verdict: string }> {
  const rows = fs.readFileSync(REVIEWED, 'utf8').split('\n').filter((l) => /^\| (json|yaml)\//.test(l));
  return rows.map((l) => {
    const [template, resource, rule, verdict] = l.split('|').slice(1).map((c) => c.trim().replace(/`/g, ''));
    return { key: `${template} ${resource} ${rule}`, verdict };
  });
}

describe('rootstock check over real public templates', () => {
  const templates = corpusTemplates();
  const result = checkTemplates(templates, ['nhs']);

  test('the corpus holds at least 25 real public templates, all read in one process', () => {
    expect(templates.length).toBeGreaterThanOrEqual(25);
    expect(result.summary.templates).toBe(templates.length);
  });

  test('no crash storm, and no exit 0 over resources that were not checked (SAM, nested stacks, macros)', () => {
    expectNoFalseAllClear(result, templates);
    // The SAM examples are the bulk of the corpus: each is reported as not (fully) checked.
    const sam = result.templates.filter((t) => t.template.startsWith('yaml/sam_'));
    expect(sam.length).toBe(20);
    expect(sam.filter((t) => t.exitCode === 0)).toEqual([]);
    expect(sam.filter((t) => t.exitCode === 3).length).toBeGreaterThanOrEqual(15);
  });

  test('every finding is in the reviewed table of corpus/README.md, as a true or false positive, and nothing more', () => {
    const found = result.findings.map((f) => `${f.template} ${f.logicalId} ${f.ruleId}`).sort();
    const reviewed = reviewedFindings();
    expect(reviewed.every((r) => r.verdict === 'true positive' || r.verdict === 'false positive')).toBe(true);
    expect(found).toEqual(reviewed.map((r) => r.key).sort());
  });

  // ROOTSTOCK_CHECK_CORPUS=<folder>: the same guarantees over any folder of templates, e.g. a local
  // copy of AWS's public sample repository (its results are recorded in corpus/README.md).
  const extra = process.env.ROOTSTOCK_CHECK_CORPUS;
  if (extra) {
    test(`no crash storm and no false all-clear over ROOTSTOCK_CHECK_CORPUS=${extra}`, () => {
      const inputs = readCheckInputs(extra);
      expectNoFalseAllClear(checkTemplates(inputs.templates, ['nhs'], { unreadable: inputs.unreadable }), inputs.templates, { allowUnreadable: true });
    });
  }
});
