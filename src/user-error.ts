/**
 * One base class for every mistake a user can fix — a bad option, config field, rule pack,
 * triage file, URL list, history database path — carrying where it is (file, line, field)
 * when that is known. The CLI prints its message on one line and exits 2 (EXIT.usage);
 * anything else that escapes is an internal error.
 */

export interface ErrorPlace {
  file?: string;
  /** 1-based */
  line?: number;
  /** dotted path of the field, e.g. `groups.clinics.schedule` or `patterns.fr[0]` */
  field?: string;
  /** the rule the field belongs to (rule packs) */
  rule?: string;
}

/** `file:line: rule "id": field "x": problem`, each part only when known. */
export function placeMessage(problem: string, place: ErrorPlace = {}): string {
  const where = place.file ? `${place.file}${place.line ? `:${place.line}` : ''}: ` : '';
  return `${where}${place.rule ? `rule "${place.rule}": ` : ''}${place.field ? `field "${place.field}": ` : ''}${problem}`;
}

export class UserError extends Error {
  override name = 'UserError';
  /** the problem alone, without where it is */
  readonly problem: string;
  readonly place: ErrorPlace;

  constructor(problem: string, place: ErrorPlace = {}) {
    super(placeMessage(problem, place));
    this.problem = problem;
    this.place = place;
  }
}
