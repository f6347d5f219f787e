/**
 * Fixture pages beside a pack (`<pack>/tests/*.html`), with the findings expected marked
 * inline, Semgrep-style:
 *
 *   <!-- expect: iv-safety-no-risk -->        the next element must hold a finding of this rule
 *   <p>Nos perfusions sont sans aucun risque.</p>
 *   <!-- expect-not: iv-safety-no-risk -->    …and this one must not
 *   <p>Une perfusion n'est jamais sans risque.</p>
 *
 * A comment names one rule or several (commas or spaces); before `<html>` it covers the whole
 * page. A finding of a rule under test that no `expect` covers fails too ("unexpected"), so a
 * fixture pins down everything the pack does to the page. The page goes through the very scan
 * pipeline (`analyzePage`), so a fixture that passes here behaves the same in `claimscan scan`.
 */
import { readdirSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { tidy } from '../analysis/claims/normalize.js';
import { readLocalPage } from '../crawl/fetch/read-local.js';
import type { Finding } from '../model/finding.js';
import { analyzePage, type SentenceExplanation } from '../analysis/analyze-page.js';
import type { RuleSet } from '../analysis/rules/rule-set.js';
import { didYouMean } from '../analysis/rules/suggest.js';

export const FIXTURE_DIR = 'tests';

const EXPECT_COMMENT = /^\s*(expect|expect-not)\s*:\s*([\w.\-, ]+?)\s*$/;

/** One verdict of a fixture: an expectation kept or broken, or a finding nobody expected. */
export interface FixtureCheck {
  ruleId: string;
  /** the fixture, relative to the current folder when inside it */
  file: string;
  line: number;
  kind: 'expect' | 'expect-not' | 'unexpected';
  ok: boolean;
  /** the element concerned: `<p> « text »` */
  element: string;
  expected: string;
  got: string;
}

/** A fixture that cannot be checked as written (an unknown rule, a comment before nothing). */
export interface FixtureProblem {
  file: string;
  line?: number;
  message: string;
}

export interface FixtureRun {
  checks: FixtureCheck[];
  problems: FixtureProblem[];
}

/** The fixture pages of a pack, sorted. */
export function fixtureFiles(packDir: string): string[] {
  const dir = join(packDir, FIXTURE_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.html?$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

interface Expectation {
  kind: 'expect' | 'expect-not';
  ruleIds: string[];
  line: number;
  element: Element;
}

function lineAt(html: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < html.length; i++) if (html.charCodeAt(i) === 10) line++;
  return line;
}

function nextElement(node: AnyNode): Element | 'text' | undefined {
  for (let n = node.next; n; n = n.next) {
    if (n.type === 'tag' || n.type === 'script' || n.type === 'style') return n as Element;
    if (n.type === 'text' && /\S/.test((n as unknown as { data: string }).data)) return 'text';
  }
  return undefined;
}

function elementLabel($: CheerioAPI, el: Element): string {
  const text = tidy($(el).text());
  return `<${el.name}>${text ? ` « ${text.length > 90 ? `${text.slice(0, 89)}…` : text} »` : ''}`;
}

function contains(outer: Element, inner: Element): boolean {
  for (let n: AnyNode | null = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

/** Read the expectations of a fixture page. */
function readExpectations($: CheerioAPI, html: string, file: string, problems: FixtureProblem[]): Expectation[] {
  const out: Expectation[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === 'comment') {
      const m = EXPECT_COMMENT.exec((node as unknown as { data: string }).data);
      if (!m) return;
      const line = lineAt(html, node.startIndex ?? 0);
      const target = nextElement(node);
      if (!target || target === 'text') {
        problems.push({ file, line, message: `"${m[1]}: ${m[2]}" must stand right before an element (text or nothing follows it)` });
        return;
      }
      out.push({ kind: m[1] as Expectation['kind'], ruleIds: m[2].split(/[\s,]+/).filter(Boolean), line, element: target });
      return;
    }
    const children = (node as unknown as { children?: AnyNode[] }).children;
    if (children) for (const child of children) walk(child);
  };
  walk($.root()[0]);
  return out;
}

/** Run one fixture page through the scan pipeline and check its expectations. */
export async function runFixture(path: string, ruleSet: RuleSet, rulesUnderTest: Set<string>): Promise<FixtureRun> {
  const file = displayPath(path);
  const problems: FixtureProblem[] = [];
  const snapshot = await readLocalPage(path);
  if (snapshot.html === undefined) return { checks: [], problems: [{ file, message: snapshot.error ?? 'cannot read the file' }] };
  const html = snapshot.html;
  // The same parser and options as the extraction, so the findings' selectors resolve here.
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true } });
  const expectations = readExpectations($, html, file, problems);
  const { findings, explanation } = analyzePage(snapshot, ruleSet, { explain: true });

  const elementOf = new Map<Finding, Element | undefined>();
  for (const f of findings) elementOf.set(f, ($(f.selector || 'html').first()[0] as Element | undefined) ?? ($('html').first()[0] as Element | undefined));
  const within = (f: Finding, el: Element): boolean => {
    const at = elementOf.get(f);
    if (!at) return el.name === 'html';
    if (contains(el, at)) return true;
    // The finding's block is an ancestor (an inline element inside a paragraph): the match must be in it.
    return contains(at, el) && Boolean(f.match) && tidy($(el).text()).includes(f.match);
  };

  const checks: FixtureCheck[] = [];
  const covered = new Set<Finding>();
  for (const exp of expectations) {
    const label = elementLabel($, exp.element);
    for (const ruleId of exp.ruleIds) {
      if (!ruleSet.rule(ruleId)) {
        problems.push({ file, line: exp.line, message: `"${exp.kind}: ${ruleId}" names no loaded rule${didYouMean(ruleId, ruleSet.rules.map((r) => r.id))}` });
        continue;
      }
      const mine = findings.filter((f) => f.ruleId === ruleId && within(f, exp.element));
      if (exp.kind === 'expect') {
        mine.forEach((f) => covered.add(f));
        checks.push({
          ruleId, file, line: exp.line, kind: 'expect', ok: mine.length > 0, element: label,
          expected: `a finding of ${ruleId}`,
          got: mine.length ? flagged(mine[0]) : `nothing: ${whyNot(ruleId, tidy($(exp.element).text()), explanation ?? [])}`,
        });
      } else {
        mine.forEach((f) => covered.add(f));
        checks.push({
          ruleId, file, line: exp.line, kind: 'expect-not', ok: mine.length === 0, element: label,
          expected: `no finding of ${ruleId}`,
          got: mine.length ? flagged(mine[0]) : 'no finding',
        });
      }
    }
  }
  for (const f of findings) {
    if (covered.has(f) || !rulesUnderTest.has(f.ruleId)) continue;
    const el = elementOf.get(f);
    checks.push({
      ruleId: f.ruleId, file, line: el?.startIndex !== undefined && el.startIndex !== null ? lineAt(html, el.startIndex) : 1, kind: 'unexpected', ok: false,
      element: el ? elementLabel($, el) : `« ${f.text} »`,
      expected: 'no finding (no expect comment covers this element)',
      got: `${flagged(f)} — if that is right, put <!-- expect: ${f.ruleId} --> before the element`,
    });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { checks, problems };
}

/** A path as a user would type it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function flagged(f: Finding): string {
  return f.match ? `flagged "${f.match}" in « ${f.text} »` : 'flagged the page';
}

/** Why a rule did not flag an element's text, from the scan's own explanation. */
function whyNot(ruleId: string, elementText: string, explanation: SentenceExplanation[]): string {
  for (const s of explanation) {
    if (!elementText.includes(s.text) && !s.text.includes(elementText)) continue;
    const trace = s.rules.find((r) => r.ruleId === ruleId);
    if (trace) return `${trace.outcome}: ${trace.detail}`;
  }
  return 'no pattern of the rule matched';
}
