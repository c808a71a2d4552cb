import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { buildEvidence, type Evidence } from './evidence';
import { renderEvidenceMarkdown } from './render';
import { renderEvidenceHtml } from './render-html';

/** The files `writeEvidence` writes into the output folder. */
export const EVIDENCE_FILES = ['evidence.json', 'evidence.md', 'evidence.html'] as const;

/**
 * Builds evidence from `cdkOut` and writes evidence.json, evidence.md and evidence.html to `outDir`.
 * Everything is rendered before anything is written, so a bad input leaves no partial output.
 *
 * @throws UserError (exit 2) for a missing or invalid cloud assembly, or an output folder that cannot be written
 */
export function writeEvidence(cdkOut: string, outDir: string, options: { now?: Date } = {}): { evidence: Evidence; files: string[] } {
  const evidence = buildEvidence(cdkOut, options);
  const contents: Record<(typeof EVIDENCE_FILES)[number], string> = {
    'evidence.json': `${JSON.stringify(evidence, null, 2)}\n`,
    'evidence.md': renderEvidenceMarkdown(evidence),
    'evidence.html': renderEvidenceHtml(evidence),
  };
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new UserError(`--out ${outDir}: cannot create the folder (${(e as Error).message}). Choose a writable folder.`);
  }
  const files = EVIDENCE_FILES.map((name) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, contents[name]);
    return file;
  });
  return { evidence, files };
}
