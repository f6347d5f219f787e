import { createHash } from 'node:crypto';
import { foldedWords } from '../claims/tokens.js';

/**
 * The id of a finding: a hash of the page URL (without its fragment), the rule and the sentence
 * in folded form, so whitespace, case or accent changes do not make a claim look new.
 */
export function findingId(url: string, ruleId: string, text: string, words = foldedWords(text)): string {
  const page = url.replace(/#.*$/, '');
  const sentence = words;
  return createHash('sha256').update(`${page}\n${ruleId}\n${sentence}`).digest('hex').slice(0, 16);
}

