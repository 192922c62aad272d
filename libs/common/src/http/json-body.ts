import type { FastifyBodyParser, FastifyInstance } from 'fastify';

/**
 * The deepest nesting of arrays and objects a JSON body may have. Our bodies
 * need four levels; 32 leaves room for any client and stays far below where
 * class-transformer's recursion overflows the stack (about 2,000 levels).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply a JSON text nests, read from its brackets outside strings,
 * without parsing it. Stops as soon as the depth passes `limit`.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * A JSON body parser for Fastify (`app.useBodyParser('application/json', …)`)
 * that first refuses bodies nested deeper than `maxDepth` with a 400, and then
 * parses as Fastify does, refusing `__proto__` and `constructor.prototype` keys.
 */
export function depthLimitedJsonParser(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = body.toString();
    if (jsonDepth(text, maxDepth) > maxDepth) {
      const error = Object.assign(new Error(`The JSON body is nested more than ${maxDepth} levels deep`), {
        statusCode: 400,
      });
      done(error, undefined);
      return;
    }
    parse(request, text, done);
  };
}
