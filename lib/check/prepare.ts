import * as fs from 'fs';
import * as path from 'path';
import { expandForEach } from './for-each';

/** A resource `rootstock check` could not judge, why, and how to get something it can. */
export interface UncheckedResource {
  /** The template it is in. */
  readonly template: string;
  /** Its logical id, or where in the template (`Resources/Fn::ForEach::Topics`, `Transform`). */
  readonly logicalId: string;
  readonly resourceType: string;
  readonly why: string;
  readonly fix: string;
}

/** A nested stack whose template is a local file, to be checked as a template of its own. */
export interface NestedTemplate {
  /** The parent's logical id for it. */
  readonly logicalId: string;
  /** The child template file, resolved against the parent's folder. */
  readonly file: string;
}

/** A template made ready for the packs: loops expanded, what cannot be checked named. */
export interface PreparedTemplate {
  /** The template to load: loops expanded, Outputs left out (no rule reads them). */
  readonly template: Record<string, unknown>;
  /** The deploy-time transform it runs other than AWS::LanguageExtensions (SAM first), if any. */
  readonly rewrittenBy?: string;
  readonly unchecked: readonly UncheckedResource[];
  readonly nested: readonly NestedTemplate[];
}

/** The SAM transform. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
const SAM = SAM_TRANSFORM;
const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
/** How to get a template `rootstock check` can judge from a SAM template. */
export const SAM_FIX =
  'Check the processed template instead: `aws cloudformation get-template --stack-name <stack> --template-stage Processed` (for a deployed stack or a change set), ' +
  'or the translated template `sam validate --debug` prints.';

function transformsOf(template: Record<string, unknown>): string[] {
  const t = template.Transform;
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.map((x) => (typeof x === 'string' ? x : typeof (x as { Name?: unknown })?.Name === 'string' ? String((x as { Name: string }).Name) : JSON.stringify(x)));
}

function containsKey(node: unknown, key: string): boolean {
  if (Array.isArray(node)) return node.some((n) => containsKey(n, key));
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(([k, v]) => k === key || containsKey(v, key));
}

/** Whether a TemplateURL names a local file (as `aws cloudformation package` takes it), not an uploaded one. */
function localTemplateUrl(url: unknown): url is string {
  return typeof url === 'string' && !/^(https?|s3):\/\//i.test(url);
}

/**
 * Prepares one template for checking:
 * - `Fn::ForEach` loops (AWS::LanguageExtensions) are expanded deterministically;
 * - nested stacks (`AWS::CloudFormation::Stack`) whose TemplateURL is a local file are returned to
 *   be checked as templates of their own; a remote or computed TemplateURL is not checked;
 * - resources a deploy-time transform rewrites (SAM's `AWS::Serverless::*`, anything under
 *   `Fn::Transform`, or the whole template under any other macro) are named as not checked,
 *   with how to get the processed template.
 */
export function prepareTemplate(template: Record<string, unknown>, file: string, baseDir: string): PreparedTemplate {
  const unchecked: UncheckedResource[] = [];
  const nested: NestedTemplate[] = [];
  const transforms = transformsOf(template);
  let prepared = template;
  if (JSON.stringify(template).includes('"Fn::ForEach::')) {
    const expanded = expandForEach(template);
    prepared = expanded.template;
    for (const loop of expanded.unexpanded) {
      unchecked.push({ template: file, logicalId: loop.at, resourceType: 'Fn::ForEach', why: `the loop was not expanded: ${loop.why}`, fix: 'Give the loop a literal list (or a list parameter with a Default), or check the processed template (`aws cloudformation get-template --template-stage Processed`).' });
    }
  }
  const resources = (prepared.Resources ?? {}) as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  for (const [logicalId, res] of Object.entries(resources)) {
    if (res.Type.startsWith('AWS::Serverless::')) {
      unchecked.push({
        template: file,
        logicalId,
        resourceType: res.Type,
        why: transforms.includes(SAM)
          ? `the ${SAM} transform turns it into other resources at deploy time, which this check cannot see`
          : `a SAM resource in a template without the ${SAM} transform`,
        fix: SAM_FIX,
      });
    } else if (containsKey(res, 'Fn::Transform')) {
      unchecked.push({ template: file, logicalId, resourceType: res.Type, why: 'part of it comes from Fn::Transform (a macro such as AWS::Include) at deploy time', fix: 'Check the processed template: `aws cloudformation get-template --stack-name <stack> --template-stage Processed`.' });
    } else if (res.Type === 'AWS::CloudFormation::Stack') {
      const url = res.Properties?.TemplateURL;
      const child = localTemplateUrl(url) ? path.resolve(baseDir, url) : undefined;
      if (child && fs.existsSync(child) && fs.statSync(child).isFile()) nested.push({ logicalId, file: child });
      else {
        unchecked.push({
          template: file,
          logicalId,
          resourceType: res.Type,
          why: child ? `its TemplateURL ${String(url)} is not a file next to the template (looked for ${child})` : `its nested template (TemplateURL ${JSON.stringify(url)?.slice(0, 120)}) is not a local file, so it was not read`,
          fix: 'Download the nested template (aws s3 cp, or `aws cloudformation get-template` on the nested stack) and check it too, or check the folder `aws cloudformation package` was run from.',
        });
      }
    }
  }
  const macros = transforms.filter((t) => t !== SAM && t !== LANGUAGE_EXTENSIONS);
  for (const macro of macros) {
    unchecked.push({
      template: file,
      logicalId: 'Transform',
      resourceType: macro,
      why: `the template runs the ${macro} transform at deploy time, which can add or change resources this check cannot see (the resources as written were checked)`,
      fix: 'Check the processed template: `aws cloudformation get-template --stack-name <stack> --template-stage Processed`.',
    });
  }
  prepared = { ...prepared };
  // Outputs hold no resources, and CfnInclude is stricter about them than CloudFormation.
  delete prepared.Outputs;
  if (transforms.includes(LANGUAGE_EXTENSIONS)) {
    // Expanded here: what remains for CfnInclude is plain CloudFormation.
    const rest = transforms.filter((t) => t !== LANGUAGE_EXTENSIONS);
    if (rest.length === 0) delete prepared.Transform;
    else prepared.Transform = rest.length === 1 ? rest[0] : rest;
  }
  return { template: prepared, rewrittenBy: transforms.includes(SAM) ? SAM : macros[0], unchecked, nested };
}
