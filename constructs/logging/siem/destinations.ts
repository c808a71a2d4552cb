import { CrossAccountBucketDestination, type CrossAccountBucketSiemOptions } from './bucket-destination';
import { HttpEndpointDestination, type HttpSiemOptions } from './http-destination';
import type { ISiemDestination } from './siem-destination';
import { SplunkDestination, type SplunkSiemOptions } from './splunk-destination';

/** Where a `SiemForwarder` delivers: Splunk HEC, a generic HTTPS endpoint, or a cross-account bucket. */
export class SiemDestination {
  /** Splunk HTTP Event Collector; token from Secrets Manager. */
  public static splunk(options: SplunkSiemOptions): ISiemDestination {
    return new SplunkDestination(options);
  }

  /** A generic HTTPS endpoint (for example a Microsoft Sentinel relay); access key from Secrets Manager. */
  public static http(options: HttpSiemOptions): ISiemDestination {
    return new HttpEndpointDestination(options);
  }

  /** A bucket in a central security account (cross-account). */
  public static crossAccountBucket(options: CrossAccountBucketSiemOptions): ISiemDestination {
    return new CrossAccountBucketDestination(options);
  }

  private constructor() {}
}
