/**
 * How findings are stored. What a finding shares with every other finding of its rule (category,
 * severity, message, source document and quote, pack) is kept once in `finding_rules`; a finding
 * row holds only its own part (page, sentence, match, place). A 1 KB finding becomes ≈ 300 bytes,
 * and a scan with tens of thousands of findings stays small and quick to write.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { Db } from './database.js';

/** Fields a finding takes from its rule. */
type RulePart = Pick<Finding, 'category' | 'severity' | 'message' | 'source' | 'pack'>;

/** The order of a finding's fields in reports, so a finding read back looks like one just found. */
const ORDER: ReadonlyArray<keyof Finding> = ['id', 'ruleId', 'category', 'severity', 'url', 'text', 'match', 'matchStart', 'matchEnd', 'headingPath', 'selector', 'lang', 'message', 'source', 'pack', 'pageTitle'];

export interface EncodedFinding {
  data: string;
  ruleHash: string;
  /** the rule part, when this encoder has not written it yet */
  newRule?: string;
}

export class FindingEncoder {
  private readonly hashes = new Map<string, string>();

  encode(f: Finding): EncodedFinding {
    const { category, severity, message, source, pack, ...own } = f;
    // within one run a rule's part only varies with the language (message) and overrides (severity)
    const key = `${f.ruleId}\u0000${f.lang}\u0000${severity}\u0000${pack.name}@${pack.version}`;
    let ruleHash = this.hashes.get(key);
    let newRule: string | undefined;
    if (!ruleHash) {
      newRule = JSON.stringify({ category, severity, message, source, pack } satisfies RulePart);
      ruleHash = createHash('sha256').update(newRule).digest('base64url').slice(0, 24);
      this.hashes.set(key, ruleHash);
    }
    return { data: JSON.stringify(own), ruleHash, ...(newRule ? { newRule } : {}) };
  }
}

/** Reads findings back; each rule part is parsed once. */
export class FindingDecoder {
  private readonly rules = new Map<string, RulePart>();
  private readonly select;

  constructor(db: Db) {
    this.select = db.prepare(`SELECT data FROM finding_rules WHERE hash = ?`).pluck();
  }

  decode(data: string, ruleHash: string): Finding {
    let rule = this.rules.get(ruleHash);
    if (!rule) {
      const json = this.select.get(ruleHash) as string | undefined;
      if (json === undefined) throw new Error(`history database: finding rule data ${ruleHash} is missing`);
      rule = JSON.parse(json) as RulePart;
      this.rules.set(ruleHash, rule);
    }
    const merged: Record<string, unknown> = { ...(JSON.parse(data) as object), ...rule };
    const out: Record<string, unknown> = {};
    for (const key of ORDER) if (merged[key] !== undefined) out[key] = merged[key];
    for (const [key, value] of Object.entries(merged)) if (!(key in out)) out[key] = value;
    return out as unknown as Finding;
  }

  /** Decode rows that carry `data` and `rule_hash`. */
  rows<T extends { data: string; rule_hash: string }>(rows: T[]): Finding[] {
    return rows.map((r) => this.decode(r.data, r.rule_hash));
  }
}
