// swagger-ui-dist ships no types; the gateway needs only where its files are.
declare module 'swagger-ui-dist/absolute-path.js' {
  /** The folder of swagger-ui-dist's files (swagger-ui-bundle.js, swagger-ui.css, …). */
  function getAbsoluteFSPath(): string;
  export = getAbsoluteFSPath;
}
