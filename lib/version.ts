import * as fs from 'fs';
import * as path from 'path';

/** Finds this package's package.json (works from source and from dist/). */
function findPackageJson(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8'));
      if (pkg.name === '@nhsx/rootstock') return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the @nhsx/rootstock package.json');
    dir = parent;
  }
}

/** The root folder of the installed @nhsx/rootstock package. */
export const PACKAGE_ROOT = path.dirname(findPackageJson());

/** The library version stamped into every stack (from package.json). */
export const ROOTSTOCK_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
