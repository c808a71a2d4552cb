import type { Construct } from 'constructs';
import { problemsOf } from '../../core/checks';
import type { PropsProblem } from '../../core/errors';
import { siemEndpointProblem } from './endpoint';
import { secretReadStatements, siemSecret, secretSourceProblems, type SiemSecretSource } from './secret-access';
import type { ISiemDestination, SiemDestinationBindOptions, SiemDestinationConfig } from './siem-destination';

/** The Splunk HEC endpoint types. */
export const SPLUNK_ENDPOINT_TYPES = ['Event', 'Raw'] as const;

/** Options for forwarding to Splunk through its HTTP Event Collector (HEC). */
export interface SplunkSiemOptions extends SiemSecretSource {
  /** The HEC endpoint, `https://...` (Splunk Cloud: `https://http-inputs-firehose-<stack>.splunkcloud.com:443`). */
  readonly endpoint: string;
  /**
   * The HEC endpoint type.
   *
   * @default 'Event'
   */
  readonly endpointType?: (typeof SPLUNK_ENDPOINT_TYPES)[number];
}

/**
 * Splunk through its HTTP Event Collector. Firehose reads the HEC token from Secrets Manager
 * (stored as `{"hec_token": "<token>"}`) at delivery time, so it never appears in the template;
 * records that fail after retries are backed up.
 */
export class SplunkDestination implements ISiemDestination {
  /** Splunk delivery buffers at most 60 seconds. */
  public readonly maxBufferingSeconds = 60;
  public readonly kind = 'splunk';

  constructor(private readonly options: SplunkSiemOptions) {}

  public problems(): PropsProblem[] {
    const o = this.options;
    return [
      ...problemsOf(
        ['endpoint', siemEndpointProblem(o.endpoint)],
        ['endpointType', o.endpointType === undefined || SPLUNK_ENDPOINT_TYPES.includes(o.endpointType) ? undefined : `must be Event or Raw; got '${o.endpointType}'`],
      ),
      ...secretSourceProblems(o),
    ];
  }

  public bind(scope: Construct, options: SiemDestinationBindOptions): SiemDestinationConfig {
    const secret = siemSecret(scope, this.options);
    return {
      metricPrefix: 'DeliveryToSplunk',
      backsUpEveryRecord: false,
      statements: secretReadStatements(secret),
      designFindings: [],
      streamProps: {
        splunkDestinationConfiguration: {
          hecEndpoint: this.options.endpoint,
          hecEndpointType: this.options.endpointType ?? 'Event',
          hecAcknowledgmentTimeoutInSeconds: 300,
          secretsManagerConfiguration: { enabled: true, secretArn: secret.secretArn, roleArn: options.deliveryRole.roleArn },
          bufferingHints: { intervalInSeconds: options.bufferingIntervalSeconds, sizeInMBs: 5 },
          retryOptions: { durationInSeconds: options.retrySeconds },
          processingConfiguration: options.decompress,
          s3BackupMode: 'FailedEventsOnly',
          s3Configuration: options.backup,
          cloudWatchLoggingOptions: options.errorLogging,
        },
      },
    };
  }
}
