/**
 * Was a page's content really reached? A page that answered 200 may be a cookie or consent
 * wall, an age gate, a login form, a bot challenge ("Just a moment…"), a parked domain or an
 * empty shell: reported as scanned with no finding, a reviewer would read it as clean. This
 * reads the signals a person would — the title, the few words on the page, a password field,
 * the markers of known challenge and consent tools — and says what stood in the way and why.
 *
 * Cheap on real pages: a page with plenty of text and an ordinary title is reached at once.
 */
import type { NotReachedKind, Reached } from '../../model/report-model.js';

/** Visible characters above which a page is content, whatever else it shows. */
const PLENTY = 2500;
/** Visible characters at most of a page that is only a wall. */
const WALL_TEXT = 900;
/** Visible characters below which a page is empty. */
const EMPTY_TEXT = 40;
/** Raw HTML read for markers (the head and the start of the body hold them). */
const HTML_SAMPLE = 200_000;

export interface ReachInput {
  title: string;
  /** the visible text, title and meta description left out (may be left empty when textLength ≥ 2,500) */
  text: string;
  /** its length, when `text` was not built */
  textLength?: number;
  /** the raw HTML, for markers no text shows (form fields, scripts of known tools) */
  html?: string;
  /** the URL the page ended on */
  url?: string;
  /** what the renderer did first, recorded with the verdict */
  steps?: string[];
}

interface Test {
  kind: NotReachedKind;
  /** signals that decide alone (a challenge's title or script) */
  strong?: Array<[RegExp, string, 'title' | 'text' | 'html' | 'url']>;
  /** signals that decide on a page with little else on it */
  weak: Array<[RegExp, string, 'title' | 'text' | 'html' | 'url']>;
}

const TESTS: Test[] = [
  {
    kind: 'bot-challenge',
    strong: [
      [/^\s*(just a moment|un instant|attention required|checking your browser|vérification de votre navigateur|please wait while we verify|ddos-guard|access denied|accès refusé|pardon our interruption)\b/i, 'challenge title', 'title'],
      [/challenge-platform|_cf_chl_opt|cf-browser-verification|cf_chl_|\/cdn-cgi\/challenge/i, 'Cloudflare challenge markers', 'html'],
      [/captcha-delivery\.com|_Incapsula_Resource|ddos-guard\.net|perimeterx|px-captcha|sucuri_cloudproxy/i, 'bot-protection service markers', 'html'],
    ],
    weak: [
      [/g-recaptcha|h-captcha|hcaptcha\.com|cf-turnstile|recaptcha\/api/i, 'CAPTCHA widget', 'html'],
      [/verify (that )?you are (a )?human|are you a robot|not a robot|vérifi\w* (que )?vous (êtes|n'êtes pas) (un )?(humain|robot)|enable javascript and cookies to continue|checking if the site connection is secure/i, 'asks to prove a human visitor', 'text'],
    ],
  },
  {
    kind: 'parked',
    strong: [
      [/sedoparking|parkingcrew|bodis\.com|parklogic|domainparking|afternic|dan\.com\/buy-domain/i, 'domain-parking service markers', 'html'],
    ],
    weak: [
      [/(this|the) domain (name )?(is|may be) for sale|buy this domain|domain (is )?parked|ce (nom de )?domaine (est|peut être) (à vendre|en vente)|domaine (réservé|parqué)|this domain has been registered|site en construction|under construction|coming soon/i, 'says the domain is for sale, parked or under construction', 'text'],
    ],
  },
  {
    kind: 'age-gate',
    weak: [
      [/(avez[- ]vous|vous avez|j'ai|je certifie avoir|are you|i am|i'm) (plus de |over |at least )?(18|21) (ans|years)|âge (légal|minimum)|legal (drinking )?age|confirm(ez)? (your|votre) (age|âge)|age verification|vérification (de l'|d')âge|date (of birth|de naissance)|réservé aux (personnes )?majeur/i, 'asks the visitor\'s age', 'text'],
    ],
  },
  {
    kind: 'login-wall',
    weak: [
      [/<input\b[^>]*type\s*=\s*["']?password/i, 'password field', 'html'],
      [/\/(login|log-in|signin|sign-in|connexion|wp-login\.php|account\/login|auth)\b/i, 'login address', 'url'],
    ],
  },
  {
    kind: 'consent-wall',
    strong: [],
    weak: [
      [/\b(cookies?|traceurs|consentement|consent|vie privée|privacy (settings|preferences)|données personnelles)\b/i, 'speaks of cookies or consent', 'text'],
      [/onetrust|didomi|axeptio|tarteaucitron|cookiebot|cookielaw|quantcast|sp_message|usercentrics|consentmanager|iubenda|cmplz|complianz/i, 'consent tool markers', 'html'],
    ],
  },
];

const LOGIN_WORDS = /\b(log ?in|sign ?in|se connecter|connexion|identifi(ant|ez-vous)|mot de passe|password|members? only|réservé aux (membres|adhérents|clients))\b/i;
const CONSENT_BUTTON = /\b(accept(er)?( all| tout| les cookies)?|tout accepter|j'accepte|i agree|allow all|continuer sans accepter|refuser)\b/i;

/** Text length past which the text need not be built for `classifyReach`. */
export const REACH_TEXT_NEEDED = PLENTY;

export function classifyReach(input: ReachInput): Reached {
  const steps = input.steps?.length ? { steps: input.steps } : {};
  const text = input.text;
  const length = input.textLength ?? text.length;
  const title = input.title;
  const html = input.html && input.html.length > HTML_SAMPLE ? input.html.slice(0, HTML_SAMPLE) : (input.html ?? '');
  const pick = (where: 'title' | 'text' | 'html' | 'url') => (where === 'title' ? title : where === 'text' ? text : where === 'html' ? html : (input.url ?? ''));
  // strong signals first: a challenge page may carry some text (its explanation, a footer)
  for (const test of TESTS) {
    const hits = (test.strong ?? []).filter(([re, , where]) => re.test(pick(where))).map(([, why]) => why);
    if (hits.length && length < PLENTY) return { ok: false, kind: test.kind, signals: [...hits, ...little(text)], ...steps };
  }
  if (length >= PLENTY) return { ok: true, ...steps };
  if (text.replace(/\s+/g, '').length < EMPTY_TEXT) {
    const hint = TESTS.flatMap((t) => t.weak.filter(([re, , where]) => where !== 'text' && re.test(pick(where))).map(([, why]) => ({ kind: t.kind, why })));
    if (hint.length) return { ok: false, kind: hint[0].kind, signals: [hint[0].why, ...little(text)], ...steps };
    return { ok: false, kind: 'empty', signals: little(text), ...steps };
  }
  if (length > WALL_TEXT) return { ok: true, ...steps };
  // a short page: is it only a wall?
  for (const test of TESTS) {
    const hits = test.weak.filter(([re, , where]) => re.test(pick(where))).map(([, why]) => why);
    if (!hits.length) continue;
    if (test.kind === 'login-wall' && !(hits.includes('password field') && LOGIN_WORDS.test(text + ' ' + title)) && !(hits.length === 2)) continue;
    if (test.kind === 'consent-wall' && !CONSENT_BUTTON.test(text) && hits.length < 2) continue;
    if (test.kind === 'parked' || test.kind === 'bot-challenge' || test.kind === 'age-gate' || test.kind === 'login-wall' || test.kind === 'consent-wall')
      return { ok: false, kind: test.kind, signals: [...hits, ...little(text)], ...steps };
  }
  return { ok: true, ...steps };
}

function little(text: string): string[] {
  return [`little else on the page (${text.length} characters of text)`];
}
