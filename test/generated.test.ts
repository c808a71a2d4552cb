import * as fs from 'fs';
import * as path from 'path';
import { generatedFiles } from '../lib/generated';

describe('generated files', () => {
  test.each(Object.entries(generatedFiles()))('%s is up to date (run npm run generate)', (file, content) => {
    const onDisk = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
    expect(onDisk).toEqual(content);
  });
});
