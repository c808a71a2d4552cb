import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

/** A running cis2-provider.mjs child process. */
export interface ProviderProcess {
  readonly issuer: string;
  /** Events the provider printed after starting (e.g. `grant.error` with its reason). */
  readonly events: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts the CIS2-like oidc-provider on loopback and waits for its issuer line. */
export function startCis2Provider(env: Record<string, string>): Promise<ProviderProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'cis2-provider.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const events: Array<Record<string, unknown>> = [];
    let started = false;
    const timer = setTimeout(() => reject(new Error(`provider did not start in 20 s: ${stderr}`)), 20000);
    child.on('exit', (code) => reject(new Error(`provider exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (started) {
          events.push(parsed);
          continue;
        }
        started = true;
        clearTimeout(timer);
        resolve({
        issuer: parsed.issuer as string,
        events,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
  });
}

/**
 * Follows redirects with a cookie jar (as a browser would) until one leaves the provider;
 * returns that last Location. Cookies are kept by name only: one origin, loopback, tests only.
 */
export async function followUntilLeaving(start: string, origin: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hops = 0; hops < 20; hops++) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect from ${url}: HTTP ${res.status} ${await res.text()}`);
    const next = new URL(location, url);
    if (next.origin !== origin) return next;
    url = next.toString();
  }
  throw new Error('too many redirects');
}
