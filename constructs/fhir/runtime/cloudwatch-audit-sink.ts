import { randomUUID } from 'crypto';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand, ResourceAlreadyExistsException } from '@aws-sdk/client-cloudwatch-logs';
import type { AuditEvent, AuditSink } from './audit-event';

/**
 * The gateway's real audit sink: one PutLogEvents call per AuditEvent into the KMS-encrypted
 * audit log group (subscribed to the archive). It rejects unless CloudWatch Logs accepted the
 * event, so the gateway fails closed.
 */
export class CloudWatchLogsAuditSink implements AuditSink {
  private stream: Promise<string> | undefined;

  constructor(
    private readonly logGroupName: string,
    private readonly client: CloudWatchLogsClient = new CloudWatchLogsClient({}),
  ) {}

  /** One stream per Lambda instance: streams must not be written concurrently by many writers. */
  private logStream(): Promise<string> {
    if (!this.stream) {
      const name = `${new Date().toISOString().slice(0, 10)}/${randomUUID()}`;
      this.stream = this.client
        .send(new CreateLogStreamCommand({ logGroupName: this.logGroupName, logStreamName: name }))
        .then(() => name)
        .catch((e: unknown) => {
          if (e instanceof ResourceAlreadyExistsException) return name;
          this.stream = undefined; // retry stream creation on the next request
          throw e;
        });
    }
    return this.stream;
  }

  async write(event: AuditEvent): Promise<void> {
    const logStreamName = await this.logStream();
    const result = await this.client.send(
      new PutLogEventsCommand({
        logGroupName: this.logGroupName,
        logStreamName,
        logEvents: [{ timestamp: Date.parse(event.recorded), message: JSON.stringify(event) }],
      }),
    );
    const rejected = result.rejectedLogEventsInfo;
    if (rejected && Object.values(rejected).some((v) => v !== undefined)) {
      throw new Error(`CloudWatch Logs rejected the audit event: ${JSON.stringify(rejected)}`);
    }
  }
}
