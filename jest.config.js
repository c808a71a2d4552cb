/** Jest: ts-jest in transpile-only mode (type-checking is `npm run typecheck`, once, not per file). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/jest-environment.ts'],
};
