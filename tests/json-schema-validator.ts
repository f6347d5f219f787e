/**
 * JSON Schema (draft-07) validation for tests. Uses ajv when it is installed; otherwise a small
 * validator covering the keywords the SARIF 2.1.0 schema uses ($ref, type, enum, const,
 * properties, required, additionalProperties, items, min/maxItems, uniqueItems, minimum,
 * maximum, pattern, format uri / uri-reference / date-time, anyOf, oneOf, allOf, not).
 */

type Schema = Record<string, unknown> | boolean;
export type Validate = (data: unknown) => string[];

/** A validator for `schema`: returns the errors, none when the data is valid. */
export async function schemaValidator(schema: Record<string, unknown>): Promise<{ validate: Validate; engine: string }> {
  try {
    const ajvModule = 'ajv';
    const { default: Ajv } = (await import(/* @vite-ignore */ ajvModule)) as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> } } };
    let addFormats: ((ajv: unknown) => void) | undefined;
    try {
      const formatsModule = 'ajv-formats';
      addFormats = ((await import(/* @vite-ignore */ formatsModule)) as { default: (ajv: unknown) => void }).default;
    } catch {
      addFormats = undefined;
    }
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: Boolean(addFormats) });
    addFormats?.(ajv);
    const check = ajv.compile(schema);
    return { engine: 'ajv', validate: (data) => (check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)) };
  } catch {
    return { engine: 'built-in', validate: (data) => validate(schema, data, schema, '') };
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}

const FORMATS: Record<string, (s: string) => boolean> = {
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s),
  'uri-reference': (s) => !/[\s<>"{}|\\^`]/.test(s),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
};

function validate(schema: Schema, data: unknown, root: Schema, path: string): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path || '/'} is not allowed`];
  const s = schema;
  const errors: string[] = [];
  const at = path || '/';
  if (typeof s.$ref === 'string') errors.push(...validate(resolve(root, s.$ref), data, root, path));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(data, t))) return [...errors, `${at} must be ${types.join(' or ')}, is ${typeOf(data)}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((v) => JSON.stringify(v) === JSON.stringify(data))) errors.push(`${at} must be one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(data)) errors.push(`${at} must be ${JSON.stringify(s.const)}`);
  if (typeof data === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(data)) errors.push(`${at} must match ${s.pattern}`);
    if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format](data)) errors.push(`${at} must be a ${s.format}: ${JSON.stringify(data)}`);
  }
  if (typeof data === 'number') {
    if (typeof s.minimum === 'number' && data < s.minimum) errors.push(`${at} must be >= ${s.minimum}`);
    if (typeof s.maximum === 'number' && data > s.maximum) errors.push(`${at} must be <= ${s.maximum}`);
  }
  if (Array.isArray(data)) {
    if (typeof s.minItems === 'number' && data.length < s.minItems) errors.push(`${at} must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && data.length > s.maxItems) errors.push(`${at} must have at most ${s.maxItems} items`);
    if (s.uniqueItems === true && new Set(data.map((d) => JSON.stringify(d))).size !== data.length) errors.push(`${at} must have unique items`);
    if (s.items !== undefined && !Array.isArray(s.items)) data.forEach((item, i) => errors.push(...validate(s.items as Schema, item, root, `${path}/${i}`)));
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required as string[] | undefined) ?? []) if (!(key in obj)) errors.push(`${at} must have property "${key}"`);
    for (const [key, value] of Object.entries(obj)) {
      if (key in props) errors.push(...validate(props[key], value, root, `${path}/${key}`));
      else if (s.additionalProperties === false) errors.push(`${at} must not have property "${key}"`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') errors.push(...validate(s.additionalProperties as Schema, value, root, `${path}/${key}`));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errors.push(...validate(sub, data, root, path));
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => validate(sub, data, root, path).length === 0)) errors.push(`${at} must match one of anyOf`);
  if (Array.isArray(s.oneOf) && (s.oneOf as Schema[]).filter((sub) => validate(sub, data, root, path).length === 0).length !== 1) errors.push(`${at} must match exactly one of oneOf`);
  if (s.not !== undefined && validate(s.not as Schema, data, root, path).length === 0) errors.push(`${at} must not match "not"`);
  return errors;
}
