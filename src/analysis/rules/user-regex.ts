/**
 * Regular expressions written in rule files (`{regex: …}` patterns). They run on page text that
 * anyone controls, so an expression that can backtrack catastrophically would let one crafted
 * page stall a scan. Two layers keep that from happening:
 *
 *  1. a star-height check (safe-regex2) refuses nested quantifiers such as `(a+)+$` with an
 *     error naming the rule, before anything runs;
 *  2. every accepted expression is compiled for V8's linear-time engine (the `l` flag), which
 *     never backtracks, so even what the first check cannot see (`(a|a)+$`) runs in time
 *     proportional to the sentence. Expressions that engine cannot run — lookarounds,
 *     backreferences, the `u` flag, very large counted repeats — are refused with a hint.
 *
 * Should a future Node drop the experimental engine, layer 1 and the sentence length bound
 * (2,000 characters) remain; `linearEngineAvailable()` says which applies.
 */
import v8 from 'node:v8';
import safeRegex from 'safe-regex2';
import { PhraseError } from '../claims/phrase.js';

/** Longest user regular expression accepted, in characters. */
export const MAX_REGEX_LENGTH = 300;

let linear: boolean | undefined;

/** Can this runtime compile regular expressions for the linear-time engine? (checked once) */
export function linearEngineAvailable(): boolean {
  if (linear !== undefined) return linear;
  try {
    // Enabling the flag only makes the `l` flag valid: no other expression changes engine.
    v8.setFlagsFromString('--enable-experimental-regexp-engine');
    new RegExp('a', 'l');
    linear = true;
  } catch {
    linear = false;
  }
  return linear;
}

/**
 * Compile a rule's regular expression to run on a sentence's folded word line
 * (" lower case words without accents "). Throws PhraseError saying what to change.
 */
export function compileUserRegex(source: string, flags = ''): RegExp {
  if (source.length > MAX_REGEX_LENGTH) throw new PhraseError(`regular expression longer than ${MAX_REGEX_LENGTH} characters: split it into several patterns`);
  let wanted = flags.replace(/[gyl]/g, '');
  let re: RegExp;
  try {
    re = new RegExp(source, wanted);
  } catch (e) {
    throw new PhraseError(`invalid regular expression: ${(e as Error).message}`);
  }
  if (/\\[1-9]|\\k</.test(source)) throw new PhraseError(`regular expression /${source}/ uses a backreference, which rule files do not allow (it makes matching slow on crafted pages)`);
  if (linearEngineAvailable()) {
    if (wanted.includes('i')) {
      // The text a regex runs on is already lower case; `i` only matters for upper-case letters
      // in the expression, which could never match.
      if (/[A-Z]/.test(source.replace(/\\./g, ''))) throw new PhraseError(`regular expression /${source}/: the words it runs on are lower case without accents; write it in lower case, without the i flag`);
      wanted = wanted.replace('i', '');
    }
    if (wanted.includes('u')) throw new PhraseError(`regular expression /${source}/: the u flag is not supported (the words it runs on are folded: lower case, accents removed)`);
    try {
      re = new RegExp(source, `${wanted}gl`);
    } catch {
      throw new PhraseError(
        `regular expression /${source}/ cannot run on the linear-time engine claimscan uses for rule files (lookarounds, backreferences and counted repeats above about 100 are not supported): use a phrase pattern, "unless" for exceptions, or a simpler expression`,
      );
    }
  } else {
    re = new RegExp(source, `${wanted}g`);
  }
  // Nested quantifiers such as (a+)+ take exponential time on a backtracking engine: refuse
  // them whatever engine runs the expression, so a rule file behaves the same everywhere.
  if (!safeRegex(source, { limit: 25 })) {
    throw new PhraseError(`regular expression /${source}/ can backtrack catastrophically (nested quantifiers such as (a+)+): use a phrase pattern or simplify it`);
  }
  return re;
}
