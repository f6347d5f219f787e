/**
 * How real pages build claims (issue 11): a benefit verb with a target in any wording, results
 * named as effective or lasting, safety words in attributive position, evidence and comparison
 * frames, a list's lead-in read with its items, the variants sold under other names. Every example
 * here is written for this project; none comes from the evaluation sets.
 */
import { describe, expect, it } from 'vitest';
import type { TextBlock } from '../src/model/blocks.js';
import { analyzeBlocks } from '../src/analysis/analyze-page.js';
import { builtinRules } from './helpers.js';

type Lang = 'fr' | 'en';
const defaultTitle = (lang: Lang) => (lang === 'fr' ? 'Mésothérapie' : 'Mesotherapy');

/** The categories flagged on a page made of these blocks (the page-level rule left out). */
function categories(blocks: TextBlock[], lang: Lang, title = defaultTitle(lang)): string[] {
  const found = analyzeBlocks(blocks, title, lang, 'test:', builtinRules()).findings;
  return [...new Set(found.map((f) => f.category).filter((c) => c !== 'page.no-risk-disclosure'))].sort();
}
const text = (t: string, heading?: string): TextBlock => ({ kind: 'text', text: t, headingPath: heading ? [heading] : [] });
const flagged = (t: string, lang: Lang, title?: string) => categories([text(t)], lang, title);

describe('benefit claims: a benefit verb with a target, in the wording pages use', () => {
  it.each([
    ['Le mésolift repulpe la peau et ravive l’éclat du teint en trois séances.', 'fr'],
    ['Nos injections de skin booster raffermissent le visage et lissent les ridules.', 'fr'],
    ['La mésothérapie capillaire densifie la chevelure et freine la chute.', 'fr'],
    ['Dès la deuxième séance, on observe une réduction de la chute et une amélioration de la densité.', 'fr'],
    ['Hair mesotherapy thickens thinning hair and strengthens the follicles.', 'en'],
    ['After a course of mesolift sessions your complexion looks visibly brighter and plumper.', 'en'],
    ['Fat-dissolving injections shrink the pad of fat under the chin.', 'en'],
  ] as [string, Lang][])('flags « %s »', (sentence, lang) => {
    expect(flagged(sentence, lang)).toContain('efficacy.treats');
  });

  it.each([
    ['La mésothérapie vise à améliorer la qualité de la peau.', 'fr'],
    ['Les skin boosters sont conçus pour améliorer l’hydratation de la peau.', 'fr'],
    ['La mésothérapie permettrait de réduire la douleur.', 'fr'],
    ['Mesotherapy is designed to improve skin hydration.', 'en'],
    ['Good candidates are adults looking to improve the tone of their skin with mesotherapy.', 'en'],
    ['Mesotherapy for skin rejuvenation is not covered by insurance.', 'en'],
    ['No study shows that mesotherapy thickens hair.', 'en'],
  ] as [string, Lang][])('holds back « %s » (an aim, a hypothesis, an indication, a refutation)', (sentence, lang) => {
    expect(flagged(sentence, lang)).not.toContain('efficacy.treats');
  });

  it('does not take the name of a treatment for a promise ("fat-dissolving" is a name)', () => {
    expect(flagged('Fat-dissolving injections take about twenty minutes per session.', 'en')).toEqual([]);
    expect(categories([{ kind: 'title', text: 'Fat Dissolving Injections', headingPath: [] }, text('The session takes twenty minutes.')], 'en', 'Fat Dissolving Injections')).toEqual([]);
  });
});

describe('where the shipped rules read', () => {
  it('reads section headings but not the page title or its top heading, which name the treatment', () => {
    const page = (heading: TextBlock): string[] => categories([heading, text('Prenez rendez-vous au cabinet.', 'Mésolift')], 'fr', 'Mésolift');
    expect(page({ kind: 'heading', text: 'Un soin sans aucun danger', headingPath: ['Mésolift'] })).toEqual(['safety.no-risk']);
    expect(page({ kind: 'heading', text: 'Mésolift sans aucun danger', headingPath: [] })).toEqual([]);
    expect(categories([{ kind: 'title', text: 'Mésolift sans aucun danger', headingPath: [] }], 'fr', 'Mésolift sans aucun danger')).toEqual([]);
  });
});

describe('safety, evidence and comparison frames', () => {
  it('flags safety words in attributive and predicate position', () => {
    expect(flagged('Une technique sûre et quasi indolore, réalisée au cabinet.', 'fr')).toContain('safety.no-risk');
    expect(flagged('Mesotherapy is extremely safe for every skin type.', 'en')).toContain('safety.no-risk');
    expect(flagged('Les effets secondaires de la mésothérapie sont quasi inexistants.', 'fr')).toContain('safety.no-risk');
    expect(flagged('Mesotherapy is not safe for everyone.', 'en')).not.toContain('safety.no-risk');
  });

  it('flags studies, success rates and recognition with words between', () => {
    expect(flagged('Plusieurs études ont d’ailleurs souligné l’intérêt de la mésothérapie dans les douleurs du dos.', 'fr')).toContain('science.validated');
    expect(flagged('Our fat-dissolving course shows a 90% success rate.', 'en')).toContain('efficacy.proven');
    expect(flagged('La mésothérapie a toutefois largement fait ses preuves.', 'fr')).toContain('efficacy.proven');
  });

  it('flags comparisons with surgery and medication in any form', () => {
    expect(flagged('La lipodissolution, une alternative non chirurgicale pour affiner la silhouette.', 'fr')).toContain('treatment.replacement');
    expect(flagged('Mesotherapy offers an effective alternative to a hair transplant.', 'en')).toContain('treatment.replacement');
    expect(flagged('La mésothérapie permet de limiter la prise d’anti-inflammatoires.', 'fr')).toContain('treatment.replacement');
  });

  it('flags "natural" only with a promise of harmlessness', () => {
    expect(flagged('Le cocktail de mésothérapie contient des actifs naturels.', 'fr')).not.toContain('safety.natural');
    expect(flagged('Des actifs naturels, donc aucun risque de réaction.', 'fr')).toContain('safety.natural');
  });
});

describe('how far an exception, a negation and a topic reach', () => {
  it('holds a benefit back only when an aim or an indication governs it, not a later clause', () => {
    expect(flagged('La mésothérapie vise à lisser les rides, à raffermir la peau et à lui rendre son éclat.', 'fr')).toEqual([]);
    expect(flagged('Skin boosters are designed to hydrate the skin, brighten the complexion and smooth fine lines.', 'en')).toEqual([]);
    // an exception in a later clause leaves the benefit rule's claim standing
    const byBenefitRule = (t: string, lang: Lang) =>
      analyzeBlocks([text(t)], defaultTitle(lang), lang, 'test:', builtinRules()).findings.some((f) => f.ruleId === 'meso-efficacy-benefit');
    expect(byBenefitRule('Mesotherapy visibly smooths fine lines, and it is suitable for every skin type.', 'en')).toBe(true);
    expect(byBenefitRule('Le mésolift efface les ridules en trois séances, ce qui en fait une option pour celles qui cherchent un teint frais.', 'fr')).toBe(true);
    expect(byBenefitRule('Mesotherapy is suitable for every skin type and visibly smooths fine lines.', 'en')).toBe(false);
    // a dash or a colon ends a frame's reach: what follows is a statement of its own
    expect(flagged('Lipolysis is a method for slimming the chin – it removes fat cells for good.', 'en')).toEqual(['efficacy.treats']);
    expect(flagged('Lipolysis is a method for removing fat cells from the chin.', 'en')).toEqual([]);
  });

  it('reads « non » as a prefix and « sans » as reaching its own noun phrase only', () => {
    expect(flagged('La lipolyse est une méthode non chirurgicale pour éliminer les amas graisseux.', 'fr')).toEqual(['efficacy.treats']);
    expect(flagged('La mésothérapie est une technique sans douleur et efficace contre la chute des cheveux.', 'fr')).toEqual(['efficacy.treats']);
    expect(flagged('La mésothérapie est une technique sans douleur et sans efficacité prouvée contre la chute des cheveux.', 'fr')).toEqual([]);
    expect(flagged('La mésothérapie n’est pas une technique efficace contre la chute des cheveux.', 'fr')).toEqual([]);
  });

  it('takes the topic of a sentence from an earlier sentence of its paragraph, before the headings', () => {
    const page = (t: string) => categories([text(t, 'Our treatments')], 'en', 'Bright Skin Clinic');
    expect(page('We offer skin boosters. They leave the complexion visibly brighter.')).toEqual(['efficacy.treats']);
    expect(page('We also offer chemical peels. They leave the complexion visibly brighter.')).toEqual([]);
    expect(page('They leave the complexion visibly brighter.')).toEqual([]);
  });

  it('does not read look-alike words as cure words (stems that collide)', () => {
    expect(flagged('Healthy adults of all ages can book a mesotherapy consultation.', 'en')).toEqual([]);
    expect(flagged('The fat layer has no nerve endings, so lipolysis sessions are not painful.', 'en')).toEqual([]);
    expect(flagged('Our mesotherapy protocol follows the rules of the French society of mesotherapy.', 'en')).toEqual([]);
    expect(flagged('La mésothérapie se pratique avec des aiguilles très fines, au fond du derme.', 'fr')).toEqual([]);
  });

  it('does not take a treatment named as avoided, or in another clause, for the subject', () => {
    // « sans laser » names what is avoided: the page's treatment is still the subject
    expect(flagged('Une technique pour retrouver, sans chirurgie ni laser, une peau plus ferme.', 'fr', 'Le mésolift')).toContain('treatment.replacement');
    // the other treatment is in another clause: the title decides
    expect(flagged('It is extremely safe, and it pairs well with Botox.', 'en', 'MesoGlow facial')).toEqual(['safety.no-risk']);
    // the claim's own clause names the other treatment: not about the topic
    expect(flagged('Unlike mesotherapy, Botox is extremely safe.', 'en', 'MesoGlow facial')).toEqual([]);
    // a match spread over two clauses is about the treatment either clause names
    expect(flagged('Autres soins du moment : des séances pour les jeunes, la radiofréquence pour raffermir la peau.', 'fr', 'Mésothérapie')).toEqual([]);
  });

  it('keeps a brand name with ® or ™ in its clause (they are not bullets)', () => {
    expect(flagged('The Aqualyx® method is an ideal alternative to liposuction and laser lipo treatments.', 'en', 'Body contouring')).toContain('treatment.replacement');
    expect(flagged('Kybella™ is an ideal alternative to liposuction and laser lipo treatments.', 'en', 'Body contouring')).toContain('treatment.replacement');
  });

  it('does not read a heading as a claim on a page about risks, and does not take aftercare advice for a promise', () => {
    const heading: TextBlock = { kind: 'heading', text: 'Fat dissolving injections melt stubborn fat', headingPath: ['The potential risks of fat dissolving injections'] };
    expect(categories([heading], 'en', 'The potential risks of fat dissolving injections')).toEqual([]);
    expect(categories([heading], 'en', 'Fat dissolving injections in London')).toEqual(['efficacy.treats']);
    expect(flagged('After your lipolysis session, drink plenty of water to help your body eliminate fat.', 'en')).toEqual([]);
  });

  it('does not read « combler les rides » as the name of a filler treatment', () => {
    expect(flagged('Elle aide à combler les rides et à revitaliser le visage.', 'fr')).toEqual(['efficacy.treats']);
  });
});

describe('a list read with its lead-in', () => {
  it('reads each short item with the sentence that introduces it', () => {
    const blocks: TextBlock[] = [
      text('Avec nos séances de mésothérapie, vous pouvez :'),
      { kind: 'list-item', text: 'retrouver un teint lumineux ;', headingPath: [] },
      { kind: 'list-item', text: 'oublier les cernes.', headingPath: [] },
    ];
    const found = analyzeBlocks(blocks, 'Nos soins', 'fr', 'test:', builtinRules()).findings.filter((f) => f.category === 'efficacy.treats');
    expect(found.map((f) => f.text)).toContain('Avec nos séances de mésothérapie, vous pouvez retrouver un teint lumineux ;');
  });

  it('keeps a negated lead-in negated for its items', () => {
    const blocks: TextBlock[] = [
      text('La mésothérapie ne permet pas de :'),
      { kind: 'list-item', text: 'réduire durablement la cellulite ;', headingPath: [] },
    ];
    expect(categories(blocks, 'fr', 'Nos soins')).toEqual([]);
  });

  it('does not carry a lead-in past the end of its list', () => {
    const blocks: TextBlock[] = [
      text('La mésothérapie permet de :'),
      { kind: 'list-item', text: 'prendre rendez-vous en ligne.', headingPath: [] },
      text('Le cabinet est ouvert le samedi.'),
      { kind: 'list-item', text: 'réduire la cellulite', headingPath: [] },
    ];
    expect(categories(blocks, 'fr', 'Nos horaires')).toEqual([]);
  });
});

describe('variants sold under other names are mesotherapy', () => {
  it.each([
    ['Les injections de Kybella sont sans danger.', 'fr', 'Double menton'],
    ['Lemon Bottle is completely safe and has no side effects.', 'en', 'Body contouring'],
    ['Profhilo is totally risk-free.', 'en', 'Skin care'],
    ['La lipolyse médicale est sans aucun risque.', 'fr', 'Silhouette'],
  ] as [string, Lang, string][])('« %s »', (sentence, lang, title) => {
    expect(flagged(sentence, lang, title)).toContain('safety.no-risk');
  });
});

describe('a contraction earlier on the page', () => {
  it('does not hide the same verb written out in a later sentence', () => {
    // "doesn't" gives the words "does" "not": both sentences are claims, on one page
    const found = analyzeBlocks([text("Mesotherapy doesn't hurt and is 100% risk-free."), text('Mesotherapy does not damage the skin.')], defaultTitle('en'), 'en', 'test:', builtinRules()).findings;
    expect(found.filter((f) => f.category === 'safety.no-risk').map((f) => f.text)).toEqual(["Mesotherapy doesn't hurt and is 100% risk-free.", 'Mesotherapy does not damage the skin.']);
  });

  it('flags the contracted form of a claim the rules write out', () => {
    expect(flagged("Mesotherapy doesn't damage the skin.", 'en')).toEqual(['safety.no-risk']);
  });
});
