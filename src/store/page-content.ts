/**
 * A page's extracted text as history keeps it: enough to run the analysis again without the
 * HTML (`claimscan rescan`): title, declared language and every text block with its kind,
 * heading path, selector and inline opt-outs. Stored as compact JSON, deflated at a fast
 * level (≈ 7× smaller, ≈ 0.1 ms a page), and keyed by a hash so identical text is kept once.
 */
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync, constants } from 'node:zlib';
import type { BlockKind, ExtractedPage, TextBlock } from '../model/blocks.js';
import { blockSelector } from '../analysis/extract/selector.js';

export const CODEC = 'deflate+json1';

/** One block as stored: [kind, text, headingPath, selector, disabledRules?] */
type StoredBlock = [BlockKind, string, string[], string, string[]?];

interface StoredText {
  title: string;
  declaredLang?: string;
  blocks: StoredBlock[];
}

/** The text of a page as read back from history. */
export interface StoredPageText {
  title: string;
  declaredLang?: string;
  blocks: TextBlock[];
}

export interface EncodedContent {
  hash: string;
  codec: string;
  /** the text as stored before compression (compressed by `compressPageText` when written) */
  json: string;
}

export function encodePageText(page: ExtractedPage): EncodedContent {
  const stored: StoredText = {
    title: page.title,
    ...(page.declaredLang ? { declaredLang: page.declaredLang } : {}),
    blocks: page.blocks.map((b) => {
      const row: StoredBlock = [b.kind, b.text, b.headingPath, blockSelector(b)];
      if (b.disabledRules?.length) row.push(b.disabledRules);
      return row;
    }),
  };
  const json = JSON.stringify(stored);
  return { hash: createHash('sha256').update(json).digest('base64url').slice(0, 32), codec: CODEC, json };
}

/** The stored bytes of encoded page text: deflate at its fastest level. */
export function compressPageText(json: string): Buffer {
  return deflateSync(json, { level: constants.Z_BEST_SPEED });
}

export function decodePageText(codec: string, data: Buffer): StoredPageText {
  if (codec !== CODEC) throw new Error(`stored page text uses an unknown encoding "${codec}" (written by a newer claimscan?)`);
  const stored = JSON.parse(inflateSync(data).toString('utf8')) as StoredText;
  return {
    title: stored.title,
    ...(stored.declaredLang ? { declaredLang: stored.declaredLang } : {}),
    blocks: stored.blocks.map(([kind, text, headingPath, selector, disabledRules]) => ({
      kind,
      text,
      headingPath,
      selector,
      ...(disabledRules ? { disabledRules } : {}),
    })),
  };
}
