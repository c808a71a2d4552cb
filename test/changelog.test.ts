import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..');

describe('CHANGELOG.md: Keep a Changelog, in step with package.json', () => {
  const text = fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8');
  const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const headings = text.split('\n').filter((l) => l.startsWith('## '));

  test('has a title, an Unreleased section first, and dated semver releases', () => {
    expect(text.startsWith('# Changelog\n')).toBe(true);
    expect(headings[0]).toBe('## [Unreleased]');
    for (const h of headings.slice(1)) expect(h).toMatch(/^## \[\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\] - \d{4}-\d{2}-\d{2}$/);
  });

  test('uses only the Keep a Changelog change types', () => {
    const types = text.split('\n').filter((l) => l.startsWith('### ')).map((l) => l.slice(4));
    expect(types.length).toBeGreaterThan(0);
    for (const t of types) expect(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']).toContain(t);
  });

  test('records the package.json version as released, or as the coming release under Unreleased', () => {
    const released = headings.some((h) => h.startsWith(`## [${version}] - `));
    const coming = text.split('\n## [')[1]?.includes(version) ?? false;
    expect({ version, documented: released || coming }).toEqual({ version, documented: true });
  });
});
