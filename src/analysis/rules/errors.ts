/** A rule pack that cannot be used: says which file, which rule and which field, and why. */
export class RuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly ruleId?: string,
    readonly field?: string,
    readonly line?: number,
  ) {
    super(
      `${file}${line ? `:${line}` : ''}: ${ruleId ? `rule "${ruleId}": ` : ''}${field ? `field "${field}": ` : ''}${problem}`,
    );
    this.name = 'RuleLoadError';
  }
}

/** Several problems found in one load, reported together so a user fixes them in one go. */
export class RuleLoadErrors extends Error {
  constructor(readonly errors: RuleLoadError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'RuleLoadErrors';
  }
}

/** `["patterns","fr",0]` → `patterns.fr[0]` */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
