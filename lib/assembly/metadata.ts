import { Validations } from 'aws-cdk-lib';
import { isJsonObject } from './files';
import { recordedAcknowledgement, type RecordedAcknowledgement } from './acknowledgements';

/** One construct metadata entry of a stack, as the cloud assembly records it. */
export interface MetadataEntry {
  readonly type: string;
  readonly data?: unknown;
}

/** Construct path (no leading '/') -> its metadata entries. */
export type MetadataByPath = ReadonlyMap<string, readonly MetadataEntry[]>;

const LOGICAL_ID = 'aws:cdk:logicalId';

/** A construct path as the validation report writes it: no leading '/'. */
export function normaliseConstructPath(p: string): string {
  return p.replace(/^\/+/, '');
}

/**
 * A stack's construct metadata from the cloud assembly (the manifest's inline `metadata` and the
 * artifact's `additionalMetadataFile`): logical ids, acknowledgements made in code, and anything
 * a construct recorded with `node.addMetadata`.
 */
export class StackMetadata {
  private readonly byPath: MetadataByPath;
  private readonly logicalIds = new Map<string, string>();
  private readonly paths = new Map<string, string>();

  constructor(raw: Record<string, unknown>) {
    const byPath = new Map<string, MetadataEntry[]>();
    for (const [p, entries] of Object.entries(raw)) {
      if (!Array.isArray(entries)) continue;
      const list = entries.filter((e): e is MetadataEntry => isJsonObject(e) && typeof e.type === 'string');
      byPath.set(normaliseConstructPath(p), list);
    }
    this.byPath = byPath;
    for (const [p, entries] of byPath) {
      for (const e of entries) {
        if (e.type === LOGICAL_ID && typeof e.data === 'string') {
          this.logicalIds.set(p, e.data);
          this.paths.set(e.data, p);
        }
      }
    }
  }

  /** Whether the stack has any metadata at all (a trimmed baseline manifest has none). */
  public get isEmpty(): boolean {
    return this.byPath.size === 0;
  }

  /** Whether `constructPath` is a construct of this stack. */
  public has(constructPath: string): boolean {
    return this.byPath.has(normaliseConstructPath(constructPath));
  }

  /** The CloudFormation logical id of the resource at `constructPath`, when recorded. */
  public logicalIdOf(constructPath: string): string | undefined {
    return this.logicalIds.get(normaliseConstructPath(constructPath));
  }

  /** The construct path of the resource with this logical id, when recorded. */
  public pathOf(logicalId: string): string | undefined {
    return this.paths.get(logicalId);
  }

  /** Every entry of `type`, with the construct path it is on. */
  public entriesOfType(type: string): Array<{ readonly path: string; readonly data: unknown }> {
    const out: Array<{ path: string; data: unknown }> = [];
    for (const [p, entries] of this.byPath) for (const e of entries) if (e.type === type) out.push({ path: p, data: e.data });
    return out;
  }

  /** Every acknowledgement made in code in this stack (`Validations.of(scope).acknowledge`), where it was made. */
  public acknowledgements(): RecordedAcknowledgement[] {
    return this.entriesOfType(Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap(({ path: at, data }) =>
      isJsonObject(data) ? Object.entries(data).map(([id, reason]) => recordedAcknowledgement(id, String(reason ?? ''), at)) : [],
    );
  }

  /**
   * The acknowledgement of `id` (`<Plugin>::<RuleId>`) that covers `constructPath`: made on it or
   * on any construct above it, nearest first, as CDK applies them.
   */
  public acknowledgementCovering(constructPath: string, id: string): RecordedAcknowledgement | undefined {
    const parts = normaliseConstructPath(constructPath).split('/');
    for (let n = parts.length; n > 0; n--) {
      const at = parts.slice(0, n).join('/');
      for (const e of this.byPath.get(at) ?? []) {
        if (e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && isJsonObject(e.data) && id in e.data) return recordedAcknowledgement(id, String(e.data[id] ?? ''), at);
      }
    }
    return undefined;
  }
}
