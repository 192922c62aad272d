// Unit tests: `*.spec.ts` beside the code they test, no infra needed.
//
// Nest 12 ships ES modules. Node 20 loads them from CommonJS (require(esm)),
// but Jest's own module loader only does so on Node 24.9+, so on Node 20 the
// ESM-only packages are compiled to CommonJS by SWC, like our TypeScript.
const ESM_ONLY = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit', 'cookie'];

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test/repo'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', swc] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  // Decorators with metadata (Nest, class-transformer) need the Reflect API, as main.ts gets it from Nest.
  setupFiles: ['reflect-metadata'],
  // Test helpers (@app/testing, and each `testing/` folder) are not code a service runs: no coverage for them.
  coveragePathIgnorePatterns: ['/node_modules/', '/testing/'],
  testEnvironment: 'node',
};
