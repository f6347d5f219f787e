/** JSON Schema (draft-07) validation for tests, with ajv and its standard formats (uri, date-time…). */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export type Validate = (data: unknown) => string[];

/** A validator for `schema`: returns the errors, none when the data is valid. */
export async function schemaValidator(schema: Record<string, unknown>): Promise<{ validate: Validate; engine: string }> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  return { engine: 'ajv', validate: (data) => (check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)) };
}
