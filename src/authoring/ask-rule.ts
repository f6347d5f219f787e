/**
 * The questions `claimscan rules new` asks on a terminal, for whatever the flags did not say.
 * `ask` is injected (node:readline on a TTY, scripted answers in tests), so the flow is plain
 * code: each answer is checked on the spot and asked again when it cannot be used.
 */
import { basename, resolve } from 'node:path';
import type { Lang } from '../analysis/claims/language.js';
import { compilePhrase, PhraseError } from '../analysis/claims/phrase.js';
import { categoryInfo, categoryTitleIn, type Category } from '../model/taxonomy.js';
import { loadShippedCategories, shippedDefaultTopic } from '../analysis/rules/load.js';
import { ID_PATTERN, knownTopics, NewRuleError, readPack, type NewRuleInput, type Tagged } from './new-rule.js';

/** Ask one question; `fallback` is what an empty answer means. */
export type Ask = (question: string, fallback?: string) => Promise<string>;

const ATTEMPTS = 3;

async function askValid<T>(ask: Ask, question: string, fallback: string | undefined, parse: (answer: string) => T, say: (line: string) => void): Promise<T> {
  for (let i = 0; ; i++) {
    const answer = (await ask(question, fallback)).trim() || fallback || '';
    try {
      return parse(answer);
    } catch (e) {
      if (i + 1 >= ATTEMPTS || !(e instanceof NewRuleError || e instanceof PhraseError)) throw e;
      say(`  ${e.message}`);
    }
  }
}

const required = (what: string) => (answer: string) => {
  if (!answer) throw new NewRuleError(`${what} cannot be empty`);
  return answer;
};

const words = (answer: string) => answer.split(',').map((w) => w.trim()).filter(Boolean);

const parseLanguages = (answer: string): Lang[] => {
  const langs = words(answer);
  if (!langs.length || langs.some((l) => !/^[a-z]{2,3}$/.test(l))) throw new NewRuleError('two- or three-letter codes such as fr, en');
  return langs;
};

/** Fill in what `partial` lacks by asking; returns input ready for planNewRule. */
export async function askForRule(ask: Ask, partial: Partial<NewRuleInput>, say: (line: string) => void): Promise<NewRuleInput> {
  const packDir = partial.packDir ?? (await askValid(ask, 'Pack folder (created if it does not exist)', 'my-rules', required('the folder'), say));
  const pack = readPack(packDir);
  let languages = partial.languages;
  let packName = partial.packName;
  let packDescription = partial.packDescription;
  if (pack) {
    say(`Adding a rule to pack "${pack.name}" (${pack.languages.join(', ')}).`);
    if (!languages && partial.patterns?.length) languages = [...new Set(partial.patterns.map((p) => p.lang ?? pack.languages[0]))];
    languages ??= pack.languages.length === 1 ? pack.languages : await askValid(ask, 'Languages of this rule (comma-separated)', pack.languages.join(', '), parseLanguages, say);
  } else {
    say(`No pack in ${resolve(packDir)} yet: it will be created.`);
    packName ??= await askValid(ask, 'Pack name', basename(resolve(packDir)).toLowerCase(), (a) => {
      if (!ID_PATTERN.test(a)) throw new NewRuleError('a pack name is lower-case letters, digits, ".", "_" or "-"');
      return a;
    }, say);
    languages ??= await askValid(ask, 'Languages of the pack (comma-separated)', 'fr, en', parseLanguages, say);
    packDescription ??= (await ask('What the pack checks, in a sentence (optional)')).trim() || undefined;
  }

  const id = partial.id ?? (await askValid(ask, 'Rule id, e.g. my-treatment-safety-no-risk', undefined, (a) => {
    if (!ID_PATTERN.test(a)) throw new NewRuleError('an id is lower-case letters, digits, ".", "_" or "-"');
    return a;
  }, say));

  let category = partial.category;
  if (!category) {
    say('Categories:');
    const ids = loadShippedCategories().map((c) => c.id);
    ids.forEach((c, i) => say(`  ${String(i + 1).padStart(2)}. ${c.padEnd(28)} ${categoryTitleIn(c, 'en')}`));
    category = await askValid(ask, 'Category (number or id)', undefined, (a): Category => {
      const byNumber = ids[Number(a) - 1];
      if (/^\d+$/.test(a) && byNumber) return byNumber;
      if (categoryInfo(a)) return a;
      throw new NewRuleError(`"${a}" is not a category: a number from 1 to ${ids.length}, or an id`);
    }, say);
  }

  const topics = knownTopics(pack);
  let topic = partial.topic;
  let topicAliases = partial.topicAliases;
  if (!topic) {
    const fallback = pack ? (pack.defaultTopic ?? 'none') : (shippedDefaultTopic() ?? 'none');
    topic = await askValid(ask, `Topic the sentence must be about (${[...topics, 'none'].join(', ')}, or a new one)`, fallback, (a) => {
      if (!ID_PATTERN.test(a)) throw new NewRuleError('a topic id is lower-case letters, digits, ".", "_" or "-"');
      return a;
    }, say);
  }
  if (topic !== 'none' && !topics.includes(topic) && !topicAliases) {
    topicAliases = {};
    for (const lang of languages) {
      topicAliases[lang] = await askValid(ask, `Words that name "${topic}" in ${lang} (comma-separated; word* matches any ending)`, undefined, (a) => {
        const list = words(a);
        if (!list.length) throw new NewRuleError('give at least one word');
        for (const w of list) compilePhrase(w, lang, () => undefined);
        return list;
      }, say);
    }
  }

  const patterns: Tagged[] = [...(partial.patterns ?? [])];
  const flag: Tagged[] = [...(partial.flag ?? [])];
  const pass: Tagged[] = [...(partial.pass ?? [])];
  if (!partial.patterns?.length) {
    say('Patterns: words match any inflection; word* any ending; a|b either; word? optional; ~3 up to three words; @list a term list.');
    for (const lang of languages) {
      const checkPhrase = (a: string) => {
        if (!a.includes('@')) compilePhrase(a, lang, () => undefined);
        return a;
      };
      patterns.push({ lang, text: await askValid(ask, `Pattern (${lang}), e.g. ${lang === 'fr' ? 'sans (aucun)? risque*' : 'no ~2 (side effects|risks)'}`, undefined, (a) => checkPhrase(required('a pattern')(a)), say) });
      for (;;) {
        const more = (await ask(`Another ${lang} pattern (empty to go on)`)).trim();
        if (!more) break;
        try {
          patterns.push({ lang, text: checkPhrase(more) });
        } catch (e) {
          if (!(e instanceof PhraseError)) throw e;
          say(`  ${e.message}`);
        }
      }
    }
  }
  if (!partial.flag?.length) {
    for (const lang of languages) {
      flag.push({ lang, text: await askValid(ask, `A sentence (${lang}) the rule must flag`, undefined, required('the example'), say) });
      const ok = (await ask(`A sentence (${lang}) it must leave alone (optional)`)).trim();
      if (ok) pass.push({ lang, text: ok });
    }
  }

  let messages = partial.messages;
  if (!messages?.length) {
    messages = [];
    for (const lang of languages) {
      const m = (await ask(`Message shown with each finding (${lang}; empty for a generic one)`)).trim();
      if (m) messages.push({ lang, text: m });
    }
  }

  let source = partial.source;
  if (!source?.document || !source.quote) {
    const docs = Object.keys(pack?.sources ?? {});
    const document =
      source?.document ??
      (await askValid(ask, `Source document, by short name${docs.length ? ` (this pack cites ${docs.join(', ')})` : ', e.g. HAS'}`, docs[0], required('the document'), say));
    let title = source?.title;
    let url = source?.url;
    if (!docs.includes(document)) {
      title ??= await askValid(ask, `Full title of ${document}`, undefined, required('the title'), say);
      url ??= (await ask(`URL of ${document} (optional)`)).trim() || undefined;
    }
    const quote =
      source?.quote ??
      (await askValid(ask, 'Quote: the sentence of the source that shows the claim is unsupported', undefined, (a) => {
        if (a.length < 10) throw new NewRuleError('quote a whole sentence');
        return a;
      }, say));
    source = { document, title, url, quote };
  }

  return {
    ...partial,
    packDir,
    packName,
    packDescription,
    languages,
    id,
    category,
    topic,
    topicAliases,
    patterns,
    flag,
    pass,
    messages,
    source,
  };
}
