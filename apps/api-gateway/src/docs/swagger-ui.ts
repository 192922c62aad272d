import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';

/**
 * Swagger UI at /docs: the library's script and style sheet from swagger-ui-dist, and a start script
 * that loads the API's document from /docs-json. No inline script: helmet's CSP allows 'self' only.
 */
export const SWAGGER_UI_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>CommerceX API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-start.js"></script>
</body>
</html>
`;

const START = `window.onload = () => {
  window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', deepLinking: true });
};
`;

export interface SwaggerUiFile {
  type: string;
  body: string | Buffer;
}

const FROM_DIST: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};
const files = new Map<string, SwaggerUiFile>([
  ['swagger-ui-start.js', { type: 'text/javascript; charset=utf-8', body: START }],
]);

/** One of the page's files, read once (they change only with the package), or undefined for any other name. */
export function swaggerUiFile(name: string): SwaggerUiFile | undefined {
  if (!files.has(name) && Object.hasOwn(FROM_DIST, name)) {
    files.set(name, { type: FROM_DIST[name], body: readFileSync(join(getAbsoluteFSPath(), name)) });
  }
  return files.get(name);
}
