/**
 * Reading /api/openapi.json in tests: the 2xx JSON schema a route documents, and where a real answer does not fit it.
 */
export type Schema = { type?: string; format?: string; nullable?: boolean; required?: string[]; properties?: Record<string, Schema>; items?: Schema; $ref?: string; additionalProperties?: unknown; oneOf?: Schema[]; anyOf?: Schema[]; enum?: unknown[] };
export type OpenApiDoc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>; components?: { schemas?: Record<string, Schema> } };

export function resolve(doc: OpenApiDoc, s: Schema): Schema {
  if (!s.$ref) return s;
  return doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
}

/** The documented path a real one is: itself, or the most specific template it fits (`/api/{module}/meta`); the query is left out. */
export function templateOf(doc: OpenApiDoc, path: string): string {
  path = path.split('?')[0];
  if (doc.paths[path]) return path;
  // The most specific template first: `/api/edo/inbox/{id}/card` before `/api/edo/inbox/{id}/{action}`.
  const params = (t: string) => t.split('{').length;
  const fitting = Object.keys(doc.paths).filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  return fitting.sort((a, b) => params(a) - params(b))[0] ?? path;
}

/** The application/json schema of the route's 2xx answer; throws when there is none. */
export function answerSchema(doc: OpenApiDoc, method: string, path: string): Schema {
  const op = doc.paths[templateOf(doc, path)]?.[method.toLowerCase()];
  const ok = Object.entries(op?.responses ?? {}).find(([code]) => /^2/.test(code));
  const schema = ok?.[1].content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path}: no application/json 2xx schema`);
  return schema;
}

/** Where `value` does not fit `schema` (types, enums, required fields, nested objects and arrays); [] when it fits. */
export function mismatches(doc: OpenApiDoc, value: unknown, schema: Schema, at = '$'): string[] {
  const s = resolve(doc, schema);
  if (value === null) return s.nullable || !s.type ? [] : [`${at}: null, but not nullable`];
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf)!;
    return options.some((o) => !mismatches(doc, value, o, at).length) ? [] : [`${at}: fits none of the options`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`];
  switch (s.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const v = value as Record<string, unknown>;
      const missing = (s.required ?? []).filter((k) => !(k in v)).map((k) => `${at}.${k}: required, missing`);
      const nested = Object.entries(s.properties ?? {}).flatMap(([k, p]) => (v[k] === undefined ? [] : mismatches(doc, v[k], p, `${at}.${k}`)));
      return [...missing, ...nested];
    }
    case 'array':
      return Array.isArray(value) ? value.flatMap((x, i) => (s.items ? mismatches(doc, x, s.items, `${at}[${i}]`) : [])) : [`${at}: not an array`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer (${JSON.stringify(value)})`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: not a string (${JSON.stringify(value)})`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    default:
      return [];
  }
}

/** Where a real answer of `method path` does not fit what OpenAPI says of it. */
export const answerMismatches = (doc: OpenApiDoc, method: string, path: string, body: unknown) => mismatches(doc, body, answerSchema(doc, method, path));
