import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { UserError } from '../errors';

/**
 * Reading exported FHIR AuditEvents from files: gzip or plain, JSON lines, JSON arrays, and the
 * archive delivery's error records (the original record in `rawData`).
 */

/** A FHIR AuditEvent as read from an export (only the elements audit-access reads; anything may be missing). */
export interface ExportedEvent {
  resourceType?: string;
  id?: string;
  recorded?: string;
  outcome?: string;
  outcomeDesc?: string;
  subtype?: Array<{ system?: string; code?: string }>;
  agent?: Array<{ who?: ExportedRef; role?: Array<{ coding?: Array<{ system?: string; code?: string }> }>; requestor?: boolean; network?: { address?: string } }>;
  entity?: Array<{ what?: ExportedRef; role?: { system?: string; code?: string }; detail?: Array<{ type?: string; valueString?: string }> }>;
  /** A declared emergency: the reason code (HL7 v3 ActReason) and the caller's free text. */
  purposeOfEvent?: Array<{ coding?: Array<{ system?: string; code?: string; display?: string }>; text?: string }>;
}

/** A reference as read from an export. */
export interface ExportedRef { reference?: string; type?: string; display?: string; identifier?: { system?: string; value?: string } }

/** How exported AuditEvents are expected to look, for messages. */
export const EXPECTED_SOURCE =
  "Expected exported FHIR AuditEvents: JSON lines (one event per line), a JSON array of events, or a gzip of either, " +
  "as in the archive's fhir-audit/date=<yyyy-mm-dd>/hour=<hh>/ layout and its fhir-audit-errors/ prefix (a file, or a folder such as a copy of both prefixes)";

/** Every file under `dir` (hidden files skipped), sorted; `skip` prunes folders by name. */
export function walkFiles(dir: string, skip: (folder: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!skip(entry.name)) walk(full);
      } else if (entry.isFile() && !entry.name.startsWith('.')) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

/** A short, printable excerpt of a parser message: never raw bytes from a binary file. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
}

/** Whether the bytes look like binary data rather than text (NUL bytes, or mostly control or invalid characters). */
function looksBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 4096);
  if (sample.includes(0)) return true;
  // Control bytes other than tab, newlines and form feed, plus bytes that are not valid UTF-8.
  const controls = sample.filter((b) => (b < 0x20 && (b < 0x09 || b > 0x0d)) || b === 0x7f).length;
  const invalid = (sample.toString('utf8').match(/\ufffd/g) ?? []).length;
  return controls + invalid > sample.length * 0.1;
}

/** The AuditEvents in one file: JSON array, single JSON object, or JSON lines; gzip allowed. */
export function readAuditEventFile(file: string): ExportedEvent[] {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new UserError(`${file}: cannot read the file (${printable((e as Error).message)}). Check its permissions, or point --source elsewhere.`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (e) {
      throw new UserError(`${file}: starts like a gzip file but cannot be decompressed (${printable((e as Error).message)}); it is damaged or truncated. Copy it again from the archive. ${EXPECTED_SOURCE}.`);
    }
  }
  if (looksBinary(buf)) {
    throw new UserError(`${file}: is binary data (${buf.length} bytes), not JSON or gzip. ${EXPECTED_SOURCE}. Remove the file from the source folder or point --source at the export.`);
  }
  const text = buf.toString('utf8').replace(/^\ufeff/, '').trim();
  if (!text) return [];
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed as ExportedEvent[];
    } catch (e) {
      throw new UserError(`${file}: not a valid JSON array of AuditEvents (${printable((e as Error).message)}). ${EXPECTED_SOURCE}.`);
    }
  }
  try {
    return [JSON.parse(text) as ExportedEvent];
  } catch {
    // JSON lines (the archive's format): one event per line.
  }
  return text.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as ExportedEvent];
    } catch (e) {
      throw new UserError(`${file}:${i + 1}: not a JSON AuditEvent (${printable((e as Error).message)}). ${EXPECTED_SOURCE}.`);
    }
  });
}

/** A record Firehose could not deliver or partition: the original record, base64, in `rawData`. */
interface FirehoseErrorRecord { rawData?: unknown; errorCode?: unknown }

/**
 * The AuditEvents inside a Firehose error record: `rawData` is the record as it reached the
 * stream (a gzipped CloudWatch Logs envelope of log events, or an event already extracted).
 */
export function eventsInErrorRecord(record: FirehoseErrorRecord): ExportedEvent[] {
  if (typeof record.rawData !== 'string') return [];
  let raw = Buffer.from(record.rawData, 'base64');
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(raw);
    } catch {
      return [];
    }
  }
  const parse = (text: string): unknown[] => {
    try {
      return [JSON.parse(text)];
    } catch {
      return text.split(/\r?\n/).flatMap((l) => {
        try {
          return l.trim() ? [JSON.parse(l)] : [];
        } catch {
          return [];
        }
      });
    }
  };
  return parse(raw.toString('utf8')).flatMap((item) => {
    const envelope = item as { messageType?: unknown; logEvents?: Array<{ message?: unknown }> };
    if (envelope && Array.isArray(envelope.logEvents)) return envelope.logEvents.flatMap((l) => (typeof l.message === 'string' ? parse(l.message) : [])) as ExportedEvent[];
    return [item as ExportedEvent];
  });
}

/** The events of a file, with Firehose error records opened up. */
export function eventsOfFile(file: string): ExportedEvent[] {
  return readAuditEventFile(file).flatMap((e) => (e && typeof e === 'object' && 'rawData' in (e as object) ? eventsInErrorRecord(e as FirehoseErrorRecord) : [e]));
}

