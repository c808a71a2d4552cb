import { NagRuleCompliance } from 'cdk-nag';
import { cfnView, get, isTrue } from '../../cfn';
import { asList, isRetained } from '../../references';
import { defineRule, NagMessageLevel } from '../../rule';

/** The tag that marks a bucket as an audit archive (the same tag S3ArchiveObjectLockCompliance uses). */
export const ARCHIVE_TAG = { key: 'nhs:purpose', value: 'audit-archive' } as const;

/** Archive buckets (Object Lock enabled, or tagged nhs:purpose=audit-archive) are retained on deletion and replacement. */
export default defineRule({
  id: 'S3ArchiveBucketRetained',
  level: NagMessageLevel.ERROR,
  info: 'The archive S3 bucket (Object Lock enabled or tagged as an archive) is not retained on stack deletion and replacement.',
  explanation:
    'Audit archives and records must outlive any deployment: a stack deletion or a replacing change must never empty or remove them. Set DeletionPolicy: Retain and UpdateReplacePolicy: Retain (s3.Bucket removalPolicy: RemovalPolicy.RETAIN, and never autoDeleteObjects). A bucket counts as an archive when ObjectLockEnabled is true or it carries the tag nhs:purpose=audit-archive.',
  resourceTypes: ['AWS::S3::Bucket'],
  controls: {
    'B3.c':
      'B3.c.5: \'necessary historic or archive data is suitably secured in storage\': the archive outlives any deployment',
    'C1.b':
      'C1.b: \'no system or user should ever need to ... delete master copies of log data within an agreed retention period\': a stack deletion must not remove the archive',
    'NCSC-2':
      'NCSC-2: archive data is protected from loss through infrastructure change',
  },
  source: 'Records Management Code of Practice 2021 (retention); CAF C1.b (securing logs)',
  check: (node) => {
    const view = cfnView(node);
    if (view.type !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const tagged = asList(view.properties.Tags).some(
      (t) => get(t, 'Key') === ARCHIVE_TAG.key && get(t, 'Value') === ARCHIVE_TAG.value,
    );
    if (!isTrue(view.properties.ObjectLockEnabled) && !tagged) return NagRuleCompliance.NOT_APPLICABLE;
    return isRetained(view) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
