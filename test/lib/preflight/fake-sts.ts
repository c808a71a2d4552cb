import * as http from 'http';
import type { AddressInfo } from 'net';

/** A canned STS answer: status and XML body, as the real service sends them (query protocol). */
export interface StsAnswer {
  readonly status: number;
  readonly body: string;
}

/** What the fake saw of one request, to prove the real SDK signed and encoded it. */
export interface SeenRequest {
  readonly method: string;
  readonly body: string;
  readonly authorization: string;
}

/** GetCallerIdentity success, exactly as STS answers it. */
export function identityAnswer(arn: string, account: string, userId = 'AIDAEXAMPLEUSERID'): StsAnswer {
  return {
    status: 200,
    body:
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      `<GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${userId}</UserId><Account>${account}</Account></GetCallerIdentityResult>` +
      '<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
  };
}

/** An STS error response body (query protocol `ErrorResponse`). */
export function errorAnswer(status: number, code: string, message: string): StsAnswer {
  return {
    status,
    body:
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      `<Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
      '<RequestId>5e2e6a5e-8a4f-4c1a-9a3b-2f0c1f6a1e11</RequestId></ErrorResponse>',
  };
}

/**
 * A local HTTP server on 127.0.0.1 that answers like STS. The real STS service cannot run
 * locally, so this stands in for it at the HTTP level: the SDK's own signing, serialisation
 * and XML parsing all run for real.
 */
export class FakeSts {
  /** The next answer; set by each test. */
  public answer: StsAnswer = identityAnswer('arn:aws:iam::111122223333:user/alice', '111122223333');
  /** Every request received. */
  public readonly seen: SeenRequest[] = [];
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      this.seen.push({ method: req.method ?? '', body, authorization: String(req.headers.authorization ?? '') });
      res.writeHead(this.answer.status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' });
      res.end(this.answer.body);
    });
  });

  /** Starts listening on a free loopback port; returns the endpoint URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
