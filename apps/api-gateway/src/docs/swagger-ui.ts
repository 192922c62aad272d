import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { StaticFile, readStaticFiles, typeOf } from '../static-files';

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

/** The page's script and style sheet from swagger-ui-dist, and its start script; read once. */
const files = new Map<string, StaticFile>([
  ...readStaticFiles(getAbsoluteFSPath(), ['swagger-ui-bundle.js', 'swagger-ui.css']),
  ['swagger-ui-start.js', { type: typeOf('swagger-ui-start.js')!, body: START }],
]);

/** One of the page's files, or undefined for any other name. */
export function swaggerUiFile(name: string): StaticFile | undefined {
  return files.get(name);
}
