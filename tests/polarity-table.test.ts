/**
 * Each polarity cue list of the language files, one row each: the same claim asserted, then held
 * back by the cue — in process, through the judgement module (no CLI).
 */
import { describe, expect, it } from 'vitest';
import { judgeBlocks, judgeText } from '../src/analysis/judge.js';
import { builtinRules } from './helpers.js';

const RULE = 'meso-safety-no-risk';

function verdict(text: string, lang: 'fr' | 'en', title?: string): { flagged: boolean; why: string } {
  const j = judgeText(text, builtinRules(), { lang, title });
  const v = j.sentences.flatMap((s) => s.verdicts).find((x) => x.ruleId === RULE);
  return { flagged: j.findings.some((f) => f.ruleId === RULE), why: v ? `${v.outcome}: ${v.polarity?.reason ?? v.detail}` : 'no verdict' };
}

// [cue list, text holding the claim back, what the verdict says]
const FR: Array<[string, string, RegExp]> = [
  ['negation', 'La mésothérapie n’est jamais sans risque.', /negated/],
  ['negationAfterNe', 'La mésothérapie n’est plus totalement inoffensive.', /negated \("plus"\)/],
  ['doubleNegators', 'La mésothérapie n’est pas sans danger.', /negated/],
  ['verbLinks', 'Aucun acte de mésothérapie n’est sans risque.', /negated/],
  ['hypothetical', 'Si vous pensez que la mésothérapie est sans risque, détrompez-vous.', /hypothetical/],
  ['conditionalMood', 'La mésothérapie serait sans risque.', /hypothetical/],
  ['questionOpeners', 'Est-ce que la mésothérapie est sans risque', /question/],
  ['reported', 'Ses promoteurs affirment que la mésothérapie est sans risque.', /reported/],
  ['refuted', 'Aucune étude ne montre que la mésothérapie est sans risque.', /refuted/],
  ['refutedTail', 'La mésothérapie, sans risque ? Ce n’est pas le cas du tout.', /question|refuted/],
  ['refuted (a hedge)', 'En théorie, la mésothérapie est sans risque.', /refuted/],
  ['notReported is not reported: « se présente comme »', 'Ses promoteurs la présentent comme sans risque.', /reported/],
];
const EN: Array<[string, string, RegExp]> = [
  ['negation', 'Mesotherapy is never risk-free.', /negated/],
  ['doubleNegators', 'Mesotherapy is not risk-free.', /negated/],
  ['contractions', "Mesotherapy isn't risk-free.", /negated/],
  ['splits', 'Mesotherapy cannot be called risk-free.', /negated/],
  ['hypothetical', 'If mesotherapy were risk-free, we would say so.', /hypothetical/],
  ['reported', 'Some clinics claim mesotherapy is risk-free.', /reported/],
  ['refuted', 'There is no evidence that mesotherapy is risk-free.', /refuted/],
  ['refuted (a hedge)', 'In theory, mesotherapy is risk-free.', /refuted/],
];

describe('polarity cues, one by one', () => {
  it('the claims themselves are flagged', () => {
    expect(verdict('La mésothérapie est sans risque.', 'fr').flagged).toBe(true);
    expect(verdict('Mesotherapy is risk-free.', 'en').flagged).toBe(true);
    expect(verdict('La mésothérapie est totalement inoffensive.', 'fr').flagged).toBe(true);
    // clause breaks end a negation's reach
    expect(verdict('Pas de chirurgie, mais une mésothérapie sans risque.', 'fr').flagged).toBe(true);
    // "si" before an adjective is "so", not "if"; a rhetorical question asserts
    expect(verdict('La mésothérapie est si douce, sans aucun risque.', 'fr').flagged).toBe(true);
    expect(verdict('Mesotherapy is risk-free: who needs surgery?', 'en').flagged).toBe(true);
    // a wish the sentence answers is not a hypothesis; a negation does not cross « car » / "because"
    expect(verdict('Si vous souhaitez un soin doux, la mésothérapie est sans risque.', 'fr').flagged).toBe(true);
    expect(verdict('If you want a gentle treatment, mesotherapy is risk-free.', 'en').flagged).toBe(true);
    expect(verdict('Ce n’est pas un soin coûteux, car la mésothérapie est sans risque.', 'fr').flagged).toBe(true);
    expect(verdict('There is no downtime because mesotherapy is risk-free.', 'en').flagged).toBe(true);
    // « se présenter comme » is to be, not to be described as
    expect(verdict('La mésothérapie se présente comme une technique sans risque.', 'fr').flagged).toBe(true);
  });

  it.each(FR)('fr %s: « %s »', (_cue, text, why) => {
    const v = verdict(text, 'fr');
    expect(v.flagged, v.why).toBe(false);
    expect(v.why).toMatch(why);
  });

  it.each(EN)('en %s: "%s"', (_cue, text, why) => {
    const v = verdict(text, 'en');
    expect(v.flagged, v.why).toBe(false);
    expect(v.why).toMatch(why);
  });

  it('criticalTitles: on a critical page, headings quote claims rather than make them', () => {
    const page = (title: string) =>
      judgeBlocks([{ kind: 'title', text: title, headingPath: [] }, { kind: 'heading', text: 'La mésothérapie est sans risque', headingPath: ['Nos soins'] }], title, 'fr', builtinRules())
        .findings.filter((f) => f.ruleId === RULE).length;
    expect(page('Mésothérapie à Lyon')).toBe(1);
    expect(page('Enquête : la mésothérapie en question')).toBe(0);
    expect(page('Mésothérapie : la vérité sur ses promesses')).toBe(0);
  });
});
