import { readFileSync } from 'node:fs';

// A deliberately small checker for the parts of JSON Schema the Sessions spec excerpt uses ($ref, allOf,
// type, properties, required, enum, items, format date-time). It returns every problem rather than a
// boolean so a failing test says what is wrong.

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  items?: Schema;
  format?: string;
};

export const SESSIONS_SPEC = JSON.parse(
  readFileSync(new URL('./spec/sessions-openapi.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, Schema>; examples: Record<string, { value: unknown }> } };

export interface CheckOptions {
  /** Property names whose value may be null although the spec types them as strings (real Okta sends null). */
  nullable?: readonly string[];
}

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = SESSIONS_SPEC.components.schemas[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = { ...target, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
    if (target.$ref) s.$ref = target.$ref;
    else delete s.$ref;
  }
  return s;
}

export function checkAgainstSchema(value: unknown, schemaName: string, opts: CheckOptions = {}): string[] {
  const root = SESSIONS_SPEC.components.schemas[schemaName];
  if (!root) throw new Error(`no schema ${schemaName} in the spec`);
  const problems: string[] = [];
  const nullable = new Set(opts.nullable ?? []);

  const walk = (v: unknown, raw: Schema, path: string, key: string): void => {
    const s = resolve(raw);
    for (const part of s.allOf ?? []) walk(v, part, path, key);
    if (v === null) {
      if (!nullable.has(key)) problems.push(`${path}: null is not allowed`);
      return;
    }
    if (s.enum && !s.enum.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is not one of ${s.enum.join(', ')}`);
    switch (s.type) {
      case 'object': {
        if (typeof v !== 'object' || Array.isArray(v)) {
          problems.push(`${path}: expected an object`);
          return;
        }
        const obj = v as Record<string, unknown>;
        for (const r of s.required ?? []) if (!(r in obj)) problems.push(`${path}: missing required ${r}`);
        for (const [k, sub] of Object.entries(s.properties ?? {})) if (k in obj) walk(obj[k], sub, `${path}.${k}`, k);
        break;
      }
      case 'array':
        if (!Array.isArray(v)) problems.push(`${path}: expected an array`);
        else v.forEach((item, i) => s.items && walk(item, s.items, `${path}[${i}]`, key));
        break;
      case 'string':
        if (typeof v !== 'string') problems.push(`${path}: expected a string`);
        else if (s.format === 'date-time' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v))
          problems.push(`${path}: ${v} is not an RFC 3339 date-time`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') problems.push(`${path}: expected a boolean`);
        break;
      case 'integer':
      case 'number':
        if (typeof v !== 'number') problems.push(`${path}: expected a number`);
        break;
    }
  };
  walk(value, root, schemaName, '');
  return problems;
}
