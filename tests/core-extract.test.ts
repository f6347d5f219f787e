import { describe, expect, it } from 'vitest';
import { extractPage } from '../src/analysis/extract/html-to-blocks.js';
import { cssSelector } from '../src/analysis/extract/selector.js';
import { load } from 'cheerio';

describe('extractPage', () => {
  const html = `<!doctype html><html lang="fr-FR"><head><title>Mésothérapie – Clinique</title>
    <meta name="description" content="Un soin sans danger."><style>p{color:red}</style>
    <script>document.write("La mésothérapie est sans danger (script)")</script></head>
    <body><nav><a href="/soins">Soins</a> <a href="mailto:x@y.fr">mail</a> <a href="javascript:alert(1)">js</a></nav>
    <h1>Mésothérapie</h1><p>Intro visible.</p>
    <h2>Résultats</h2><p>Des résultats <b>garantis</b> dès la première séance.</p>
    <h3>Détail</h3><ul><li>Premier point</li><li>Second point</li></ul>
    <h2>Tarifs</h2><table><tr><td>Séance : 80 €</td></tr></table>
    <div hidden>Texte caché par hidden.</div><p style="display: none">Texte caché par style.</p>
    <span aria-hidden="true">Texte caché aria.</span><template><p>Texte de template.</p></template>
    <noscript>Activez JavaScript.</noscript><img src="x.jpg" alt="Avant et après mésolift">
    <div>Texte direct<br>sur deux lignes</div></body></html>`;
  const page = extractPage(html, { baseUrl: 'https://clinique.example/fr/', collectLinks: true });
  const texts = page.blocks.map((b) => b.text);

  it('reads title, declared language and meta description', () => {
    expect(page.title).toBe('Mésothérapie - Clinique');
    expect(page.declaredLang).toBe('fr');
    expect(page.description).toBe('Un soin sans danger.');
    expect(page.blocks[0]).toMatchObject({ kind: 'title', text: 'Mésothérapie - Clinique' });
  });

  it('leaves out scripts, styles, templates, noscript and hidden elements', () => {
    const all = texts.join(' | ');
    for (const hidden of ['script', 'color:red', 'caché', 'template', 'Activez']) expect(all).not.toContain(hidden);
    expect(page.scriptCount).toBe(1);
  });

  it('keeps inline elements inside their block and gives each block its heading path', () => {
    const results = page.blocks.find((b) => b.text.startsWith('Des résultats'));
    expect(results).toMatchObject({ text: 'Des résultats garantis dès la première séance.', headingPath: ['Mésothérapie', 'Résultats'] });
    expect(page.blocks.find((b) => b.text === 'Premier point')).toMatchObject({ kind: 'list-item', headingPath: ['Mésothérapie', 'Résultats', 'Détail'] });
    // A new h2 closes the h3 under the previous h2.
    expect(page.blocks.find((b) => b.text.startsWith('Séance'))).toMatchObject({ kind: 'cell', headingPath: ['Mésothérapie', 'Tarifs'] });
  });

  it('reads image alt text and line breaks', () => {
    expect(page.blocks.find((b) => b.kind === 'alt')?.text).toBe('Avant et après mésolift');
    expect(texts).toContain('Texte direct sur deux lignes');
  });

  it('collects absolute http(s) links only', () => {
    expect(page.links).toEqual(['https://clinique.example/soins']);
  });

  it('gives every block a selector that finds its element again', () => {
    const $ = load(html);
    const block = page.blocks.find((b) => b.text === 'Second point')!;
    const selector = cssSelector(block.element);
    expect($(selector).text()).toBe('Second point');
  });

  it('marks blocks silenced by a claimscan-disable-next comment', () => {
    const p = extractPage('<p>avant</p><!-- claimscan-disable-next meso-safety-no-risk --><p>Sans danger.</p><p>après</p>');
    expect(p.blocks.map((b) => [b.text, b.disabledRules])).toEqual([
      ['avant', undefined],
      ['Sans danger.', ['meso-safety-no-risk']],
      ['après', undefined],
    ]);
  });

  it('survives malformed input', () => {
    expect(() => extractPage('')).not.toThrow();
    expect(extractPage('<p>unclosed <b>bold <div>div<p>para').blocks.map((b) => b.text)).toEqual(['unclosed bold', 'div', 'para']);
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => extractPage(junk)).not.toThrow();
  });
});
