/**
 * The reached / not-reached verdict on its own (extract/reachability.ts): each kind of wall by
 * the signals a reviewer would read, and real pages — short ones with a cookie banner or a
 * booking form included — left reached.
 */
import { describe, expect, it } from 'vitest';
import { classifyReach } from '../src/analysis/extract/reachability.js';

const prose = 'La mésothérapie consiste en des micro-injections dans le derme. '.repeat(50);

describe('reached or not', () => {
  it('a page with plenty of text is reached, whatever its cookie banner says', () => {
    expect(classifyReach({ title: 'Mésothérapie', text: `Nous utilisons des cookies. Tout accepter\n${prose}`, html: '<div id="onetrust-banner-sdk"></div>' })).toEqual({ ok: true });
  });

  it('a short real page (prices, a booking form) is reached', () => {
    const text = 'Tarifs\nSéance de mésothérapie : 80 €. Cure de quatre séances : 300 €.\nPrendre rendez-vous : nom, téléphone, date souhaitée.';
    expect(classifyReach({ title: 'Tarifs', text, html: '<form><input name="tel"></form>' })).toEqual({ ok: true });
  });

  it('a challenge page is told by its title or the scripts of the service, even with some text', () => {
    expect(classifyReach({ title: 'Attention Required! | Cloudflare', text: 'Please enable cookies. Sorry, you have been blocked.' })).toMatchObject({ ok: false, kind: 'bot-challenge' });
    expect(classifyReach({ title: 'clinique.fr', text: '', html: '<script src="https://geo.captcha-delivery.com/captcha/"></script>' })).toMatchObject({ ok: false, kind: 'bot-challenge', signals: expect.arrayContaining(['bot-protection service markers']) });
  });

  it('a parked domain, an empty shell', () => {
    expect(classifyReach({ title: 'clinique-exemple.fr', text: 'Ce domaine est à vendre. Contactez-nous pour faire une offre.' })).toMatchObject({ ok: false, kind: 'parked' });
    expect(classifyReach({ title: 'Accueil', text: ' ' })).toMatchObject({ ok: false, kind: 'empty' });
  });

  it('keeps what the renderer did first with the verdict', () => {
    expect(classifyReach({ title: 'Mésothérapie', text: prose, steps: ['accepted the consent banner (clicked « OK »)'] })).toEqual({ ok: true, steps: ['accepted the consent banner (clicked « OK »)'] });
  });
});

describe('ocr: in the config', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { readConfig } = await import('../src/config/load-config.js');
  const { ocrSettings } = await import('../src/cli/ocr-options.js');
  const dir = mkdtempSync(join(tmpdir(), 'claimscan-ocr-config-'));
  const load = (text: string) => {
    const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return readConfig(file);
  };

  it('turns OCR on with its limits, off by default, and refuses bad values', () => {
    const on = ocrSettings(undefined, load('ocr:\n  maxImagesPerPage: 2\n  timeout: 5s\n  cache: ocr-cache\n'), () => {});
    expect(on).toMatchObject({ maxImagesPerPage: 2, engine: { limits: { timeoutMs: 5000, languages: 'fra+eng' } } });
    expect(ocrSettings(undefined, load('history:\n  enabled: false\n'), () => {})).toBeUndefined();
    expect(ocrSettings(undefined, load('ocr: true\n'), () => {})).toBeDefined();
    expect(ocrSettings(false, load('ocr: true\n'), () => {})).toBeUndefined();
    expect(ocrSettings(undefined, load('ocr:\n  cache: false\n'), () => {})).toMatchObject({ engine: { cacheDir: false } });
    expect(on).toMatchObject({ engine: { cacheDir: join(dir, 'ocr-cache') } });
    expect(() => load('ocr:\n  languages: French\n')).toThrow(/Tesseract languages such as "fra\+eng"/);
    rmSync(dir, { recursive: true, force: true });
  });
});
