import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../errors';
import { buildHazardLog, type HazardLog } from './hazard-log';
import { renderHazardLogHtml, renderHazardLogMarkdown } from './render';

/** The files `writeHazardLog` writes. */
export const HAZARD_LOG_FILES = ['hazard-log.json', 'hazard-log.md', 'hazard-log.html'] as const;

/**
 * Builds the hazard log of `cdkOut` and writes JSON, Markdown and HTML to `outDir`; everything is
 * rendered before anything is written, so bad input leaves no partial output.
 */
export function writeHazardLog(cdkOut: string, outDir: string, options: { readonly now?: Date } = {}): { log: HazardLog; files: string[] } {
  const log = buildHazardLog(cdkOut, options);
  const contents: Record<(typeof HAZARD_LOG_FILES)[number], string> = {
    'hazard-log.json': `${JSON.stringify(log, null, 2)}\n`,
    'hazard-log.md': renderHazardLogMarkdown(log),
    'hazard-log.html': renderHazardLogHtml(log),
  };
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new UserError(`--out ${outDir}: cannot create the folder (${(e as Error).message}). Choose a writable folder.`);
  }
  return { log, files: HAZARD_LOG_FILES.map((name) => { const file = path.join(outDir, name); fs.writeFileSync(file, contents[name]); return file; }) };
}
