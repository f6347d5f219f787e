import { describe, expect, it } from 'vitest';
import type { TextBlock } from '../src/model/blocks.js';
import { analyzeBlocks } from '../src/analysis/analyze-page.js';
import { builtinRules } from './helpers.js';

/** Categories flagged for one sentence placed on a page with `title` and under `heading`. */
function flagged(text: string, lang: 'fr' | 'en', title = lang === 'fr' ? 'Mésothérapie' : 'Mesotherapy', heading?: string): string[] {
  const blocks: TextBlock[] = [{ kind: 'text', text, headingPath: heading ? [heading] : [] }];
  return analyzeBlocks(blocks, title, lang, 'test:', builtinRules()).findings.map((f) => f.category).filter((c) => c !== 'page.no-risk-disclosure');
}

describe('topic scoping', () => {
  it('flags a claim that names mesotherapy itself, whatever the page', () => {
    expect(flagged('La mésothérapie est sans danger.', 'fr', 'Nos soins')).toEqual(['safety.no-risk']);
    expect(flagged('Fat-dissolving injections are completely safe.', 'en', 'Our treatments')).toEqual(['safety.no-risk']);
  });

  it('takes the topic from the heading, then the title, when the sentence does not name it', () => {
    expect(flagged('Un soin sans danger.', 'fr', 'Nos soins', 'Mésolift')).toEqual(['safety.no-risk']);
    expect(flagged('Un soin sans danger.', 'fr', 'Mésothérapie - Cabinet Dupont', 'Après la séance')).toEqual(['safety.no-risk']);
  });

  it('does not flag a claim about botox on a botox page or under a botox heading', () => {
    expect(flagged('Le botox est sans danger.', 'fr', 'Toxine botulique - Cabinet')).toEqual([]);
    expect(flagged('Un soin sans danger.', 'fr', 'Injections de toxine botulique')).toEqual([]);
    expect(flagged('Un soin sans danger.', 'fr', 'Mésothérapie et autres soins', 'Toxine botulique')).toEqual([]);
    expect(flagged('Completely safe, with zero downtime.', 'en', 'Botox Injections - Clinic')).toEqual([]);
  });

  it("decides by the claim's own clause when a sentence names two treatments", () => {
    expect(flagged('Unlike fat-dissolving injections, CoolSculpting is FDA-cleared for fat reduction.', 'en', 'Body contouring')).toEqual([]);
    expect(flagged('Contrairement au botox, la mésothérapie est sans danger.', 'fr', 'Nos soins')).toEqual(['safety.no-risk']);
  });

  it('does not flag claims on a page about no treatment at all', () => {
    expect(flagged('Résultats garantis dès la première séance.', 'fr', 'Tarifs')).toEqual([]);
  });
});

describe('polarity', () => {
  it('flags plain assertions in both languages', () => {
    expect(flagged("L'efficacité de la mésothérapie est prouvée.", 'fr')).toEqual(['efficacy.proven']);
    expect(flagged('Mesotherapy has no side effects.', 'en')).toEqual(['safety.no-risk']);
  });

  it('does not flag negated claims, including double negations of negative claims', () => {
    expect(flagged("L'efficacité de la mésothérapie n'est pas prouvée.", 'fr')).toEqual([]);
    expect(flagged("La mésothérapie n'est pas sans risque.", 'fr')).toEqual([]);
    expect(flagged("Aucun acte médical n'est sans risque, la mésothérapie non plus.", 'fr')).toEqual([]);
    expect(flagged('No treatment is risk-free, mesotherapy included.', 'en')).toEqual([]);
    expect(flagged('Results of mesotherapy cannot be guaranteed.', 'en')).toEqual([]);
    expect(flagged('Mesotherapy does not replace surgery.', 'en')).toEqual([]);
  });

  it('keeps negative claims whose negation is part of the claim', () => {
    expect(flagged('La mésothérapie est sans aucun risque.', 'fr')).toEqual(['safety.no-risk']);
    expect(flagged('Mesotherapy: no downtime and no side effects.', 'en')).toEqual(['safety.no-risk']);
  });

  it('does not flag questions', () => {
    expect(flagged('La mésothérapie est-elle sans danger ?', 'fr')).toEqual([]);
    expect(flagged('Is mesotherapy clinically proven?', 'en')).toEqual([]);
  });

  it('does not flag reported or refuted speech', () => {
    expect(flagged("Ses promoteurs affirment que la mésothérapie n'a pas d'effets secondaires.", 'fr')).toEqual([]);
    expect(flagged("On lit partout que la méso élimine la cellulite, ce qu'aucune étude ne montre.", 'fr')).toEqual([]);
    expect(flagged('Proponents claim that mesotherapy is risk-free.', 'en')).toEqual([]);
    expect(flagged('No study has proven that mesotherapy melts fat for good.', 'en')).toEqual([]);
  });

  it('reads a rhetorical question and a claim before a question mark as assertions', () => {
    expect(flagged('Permanently eliminates double-chin fat – who needs a neck lift?', 'en', 'Fat-dissolving injections')).toEqual(
      expect.arrayContaining(['efficacy.treats', 'treatment.replacement']),
    );
    expect(flagged('Zéro risque, résultats garantis : pourquoi attendre ?', 'fr')).toEqual(expect.arrayContaining(['safety.no-risk', 'efficacy.proven']));
  });

  it('does not flag quoted words in reported speech, even after the quote', () => {
    expect(flagged("On m'a vendu la méso comme « sans aucun effet secondaire »… résultat : trois bleus énormes.", 'fr')).toEqual([]);
    expect(flagged("My injector swore the cocktail was 'totally natural so totally safe'.", 'en')).toEqual([]);
  });

  it('keeps "ni" inside a negative claim from reversing it, but not a real negation', () => {
    expect(flagged('Le stress disparaît, sans anxiolytiques ni somnifères.', 'fr')).toEqual(expect.arrayContaining(['treatment.replacement']));
    expect(flagged('La mésothérapie ne remplace ni une liposuccion, ni un lifting.', 'fr')).toEqual([]);
  });

  it('does not flag hypotheticals', () => {
    expect(flagged('Si la mésothérapie remplaçait la chirurgie, il faudrait le prouver.', 'fr')).toEqual([]);
    expect(flagged('If mesotherapy were risk-free, we would say so.', 'en')).toEqual([]);
    expect(flagged('Mesotherapy may help some people with thinning hair.', 'en')).toEqual([]);
  });

  it('does not read the headings of a critical article as claims, but still reads its sentences', () => {
    const blocks: TextBlock[] = [
      { kind: 'heading', text: 'Des mélanges faits maison', headingPath: [] },
      { kind: 'text', text: 'Un médecin prépare ses cocktails de méso sur place.', headingPath: ['Des mélanges faits maison'] },
    ];
    const categories = (title: string) => analyzeBlocks(blocks, title, 'fr', 'test:', builtinRules()).findings.filter((f) => f.category !== 'page.no-risk-disclosure').map((f) => f.text);
    expect(categories('Enquête : la mésothérapie tient-elle ses promesses ?')).toEqual(['Un médecin prépare ses cocktails de méso sur place.']);
    // the shipped rules read running text: a heading names a section, the claim is in its sentences
    expect(categories('Mésothérapie - Institut Lumière')).toEqual(['Un médecin prépare ses cocktails de méso sur place.']);
  });
});
