#!/usr/bin/env node
// Launcher for the `rootstock` binary: the compiled CLI in a published package, the
// TypeScript source (through tsx) in a clone of the repository.
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, 'rootstock-cli.ts');
if (fs.existsSync(source)) {
  require('tsx/cjs');
  require(source);
} else {
  require(path.join(__dirname, '..', 'dist', 'bin', 'rootstock-cli.js'));
}
