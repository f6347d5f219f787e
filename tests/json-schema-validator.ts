/** JSON Schema (draft-07) validation for tests, with ajv and its standard formats (uri, date-time…). */
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ErrorObject, Options } from 'ajv';

// ajv and ajv-formats are CommonJS; require keeps their typings straight under NodeNext.
const require = createRequire(import.meta.url);
const { Ajv } = require('ajv') as { Ajv: new (options: Options) => AjvInstance };
const addFormats = require('ajv-formats') as (ajv: AjvInstance) => AjvInstance;

export type Validate = (data: unknown) => string[];

/** A validator for `schema`: returns the errors, none when the data is valid. */
export async function schemaValidator(schema: Record<string, unknown>): Promise<{ validate: Validate; engine: string }> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  return {
    engine: 'ajv',
    validate: (data) => (check(data) ? [] : (check.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}`)),
  };
}
