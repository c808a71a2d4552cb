import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { buildAuditEvent } from '../../../../constructs/fhir/runtime/audit-event';
import { CloudWatchLogsAuditSink } from '../../../../constructs/fhir/runtime/cloudwatch-audit-sink';

// CloudWatch Logs cannot run locally: its client is mocked here (and only here).
const logs = mockClient(CloudWatchLogsClient);
const event = buildAuditEvent({
  caller: { userId: 'u1', sourceIp: '203.0.113.7' },
  request: { method: 'GET', path: '/x', query: '' },
  decision: { outcome: '4', status: 403, description: 'forbidden' },
  observerOdsCode: 'RXX',
});

beforeEach(() => logs.reset());

describe('CloudWatchLogsAuditSink', () => {
  test('writes the AuditEvent as one JSON log event into one stream per instance', async () => {
    logs.on(CreateLogStreamCommand).resolves({}).on(PutLogEventsCommand).resolves({});
    const sink = new CloudWatchLogsAuditSink('/fhir/audit', new CloudWatchLogsClient({ region: 'eu-west-2' }));
    await sink.write(event);
    await sink.write(event);
    expect(logs.commandCalls(CreateLogStreamCommand)).toHaveLength(1);
    const puts = logs.commandCalls(PutLogEventsCommand);
    expect(puts).toHaveLength(2);
    expect(puts[0].args[0].input.logGroupName).toBe('/fhir/audit');
    expect(JSON.parse(puts[0].args[0].input.logEvents![0].message!)).toEqual(event);
  });

  test('fails when CloudWatch Logs rejects the event, so the gateway fails closed', async () => {
    logs.on(CreateLogStreamCommand).resolves({}).on(PutLogEventsCommand).resolves({ rejectedLogEventsInfo: { tooOldLogEventEndIndex: 0 } });
    const sink = new CloudWatchLogsAuditSink('/fhir/audit', new CloudWatchLogsClient({ region: 'eu-west-2' }));
    await expect(sink.write(event)).rejects.toThrow(/rejected the audit event/);
  });

  test('fails when the write itself fails', async () => {
    logs.on(CreateLogStreamCommand).resolves({}).on(PutLogEventsCommand).rejects(new Error('AccessDeniedException'));
    const sink = new CloudWatchLogsAuditSink('/fhir/audit', new CloudWatchLogsClient({ region: 'eu-west-2' }));
    await expect(sink.write(event)).rejects.toThrow(/AccessDenied/);
  });
});
