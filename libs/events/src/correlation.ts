// The correlation context lives in @app/common, since the logger and the HTTP layer need it and common does not
// depend on events; this path and the @app/events barrel keep re-exporting it for their importers.
export { CORRELATION_ID_HEADER, correlation } from '@app/common';
