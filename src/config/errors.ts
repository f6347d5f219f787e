import { UserError } from '../user-error.js';

/** A config file that cannot be used: names the file, the line and the field, and says why. */
export class ConfigError extends UserError {
  constructor(
    readonly file: string,
    problem: string,
    readonly field?: string,
    readonly line?: number,
  ) {
    super(problem, { file, field, line });
    this.name = 'ConfigError';
  }
}

/** `["groups","clinics","schedule"]` → `groups.clinics.schedule`, `[..., 0]` → `targets[0]` */
export function configPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
