import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { digestDifferences, synthDigest } from '../../scripts/reproducible-synth';

describe('scripts/reproducible-synth: comparing two synths byte for byte', () => {
  let base: string;
  const write = (dir: string, files: Record<string, string>): string => {
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
    return dir;
  };
  beforeEach(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'rootstock-digest-'))));
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  test('digests templates and asset files only (manifest and tree are not deploy inputs)', () => {
    const dir = write(path.join(base, 'a'), { 'S.template.json': '{}', 'asset.abc.lambda/index.js': 'x', 'manifest.json': '{}', 'tree.json': '{}' });
    expect([...synthDigest(dir).keys()]).toEqual(['S.template.json', path.join('asset.abc.lambda', 'index.js')]);
  });

  test('names a file whose bytes differ and a file only in one synth', () => {
    const a = synthDigest(write(path.join(base, 'a'), { 'S.template.json': '{"a":1}', 'asset.1.lambda/index.js': 'x', 'asset.1.lambda/inputs.json': '{}' }));
    const b = synthDigest(write(path.join(base, 'b'), { 'S.template.json': '{"a":2}', 'asset.1.lambda/index.js': 'x', 'asset.2.lambda/index.js': 'y' }));
    expect(digestDifferences(a, b)).toEqual([
      'S.template.json: bytes differ',
      `${path.join('asset.1.lambda', 'inputs.json')}: only in the first synth`,
      `${path.join('asset.2.lambda', 'index.js')}: only in the second synth`,
    ]);
    expect(digestDifferences(a, a)).toEqual([]);
  });
});
