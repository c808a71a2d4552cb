import * as fs from 'fs';
import { UserError } from '../errors';

/** How to name a file in an error, and what the user should do about it. */
export interface FileReadContext {
  /**
   * The sentence that tells the user how to fix it, e.g. 'Synthesise again (npm run synth).'.
   */
  readonly fix: string;
  /**
   * Words put before the file name, e.g. 'baseline' for `upgrade-check --baseline`.
   *
   * @default - the message starts with the file name
   */
  readonly role?: string;
}

function where(file: string, context: FileReadContext): string {
  return context.role ? `${context.role} ${file}` : file;
}

/**
 * Reads a UTF-8 text file, or throws a UserError (exit 2) saying what is wrong with it and the fix.
 *
 * The one read-a-file helper of the tooling: missing, a folder, unreadable, each said plainly.
 */
export function readTextFile(file: string, context: FileReadContext): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? (e as Error).message})`;
    throw new UserError(`${where(file, context)}: ${problem}. ${context.fix}`);
  }
}

/** Reads and parses a JSON file. @throws UserError (exit 2) when it is missing, unreadable or not JSON */
export function readJsonFile(file: string, context: FileReadContext): unknown {
  const text = readTextFile(file, context);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError(`${where(file, context)}: not valid JSON (${(e as Error).message}). ${context.fix}`);
  }
}

/** Whether `v` is a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a JSON file that must hold an object.
 *
 * @param what what the object should be, for the message ('a cloud assembly manifest')
 * @throws UserError (exit 2) when it is missing, unreadable, not JSON or not an object
 */
export function readJsonObject(file: string, what: string, context: FileReadContext): Record<string, unknown> {
  const value = readJsonFile(file, context);
  if (!isJsonObject(value)) throw new UserError(`${where(file, context)}: not ${what} (expected a JSON object). ${context.fix}`);
  return value;
}
