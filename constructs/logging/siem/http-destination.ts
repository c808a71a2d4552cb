import type { Construct } from 'constructs';
import { problemsOf } from '../../core/checks';
import type { PropsProblem } from '../../core/errors';
import { siemEndpointProblem } from './endpoint';
import { secretReadStatements, siemSecret, secretSourceProblems, type SiemSecretSource } from './secret-access';
import type { ISiemDestination, SiemDestinationBindOptions, SiemDestinationConfig } from './siem-destination';

/** Options for forwarding to a generic HTTPS endpoint (for example a Microsoft Sentinel data collection endpoint behind a relay). */
export interface HttpSiemOptions extends SiemSecretSource {
  /** The endpoint URL, `https://...` on port 443. */
  readonly endpoint: string;
  /**
   * A label for the endpoint, shown in the Firehose console (1 to 256 characters).
   *
   * @default 'SIEM'
   */
  readonly endpointName?: string;
}

/**
 * A generic HTTPS endpoint. Firehose reads the access key from Secrets Manager (stored as
 * `{"api_key": "<key>"}`) and sends it in the `X-Amz-Firehose-Access-Key` header; it never
 * appears in the template. Request bodies are GZIP-encoded; failed records are backed up.
 */
export class HttpEndpointDestination implements ISiemDestination {
  public readonly maxBufferingSeconds = 900;
  public readonly kind = 'http';

  constructor(private readonly options: HttpSiemOptions) {}

  public problems(): PropsProblem[] {
    const name = this.options.endpointName;
    return [
      ...problemsOf(
        ['endpoint', siemEndpointProblem(this.options.endpoint, { port443: true })],
        ['endpointName', name === undefined || (name.trim().length >= 1 && name.length <= 256) ? undefined : `must be 1 to 256 characters; got ${name.length}`],
      ),
      ...secretSourceProblems(this.options),
    ];
  }

  public bind(scope: Construct, options: SiemDestinationBindOptions): SiemDestinationConfig {
    const secret = siemSecret(scope, this.options);
    return {
      metricPrefix: 'DeliveryToHttpEndpoint',
      backsUpEveryRecord: false,
      statements: secretReadStatements(secret),
      designFindings: [],
      streamProps: {
        httpEndpointDestinationConfiguration: {
          endpointConfiguration: { url: this.options.endpoint, name: this.options.endpointName ?? 'SIEM' },
          secretsManagerConfiguration: { enabled: true, secretArn: secret.secretArn, roleArn: options.deliveryRole.roleArn },
          requestConfiguration: { contentEncoding: 'GZIP' },
          bufferingHints: { intervalInSeconds: options.bufferingIntervalSeconds, sizeInMBs: 1 },
          retryOptions: { durationInSeconds: options.retrySeconds },
          processingConfiguration: options.decompress,
          roleArn: options.deliveryRole.roleArn,
          s3BackupMode: 'FailedDataOnly',
          s3Configuration: options.backup,
          cloudWatchLoggingOptions: options.errorLogging,
        },
      },
    };
  }
}
