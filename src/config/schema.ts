/**
 * The project config (`claimscan.config.yaml` or `.json`), validated with zod: target groups
 * with crawl options and a schedule each, rule packs and overrides, history, output formats
 * and notifications. Everything read from the file passes through here once.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { RENDER_MODES } from '../crawl/web-source.js';
import { Pattern } from '../analysis/rules/schema.js';
import { SCOPES } from '../crawl/targets/scope.js';
import { SEVERITIES } from '../model/taxonomy.js';

const nonEmpty = z.string().trim().min(1, 'cannot be empty');
const lang = z.string().regex(/^(auto|[a-z]{2,3})$/, 'a language is "auto" or a two- or three-letter code such as "fr"');

/** A time zone name the runtime knows (IANA: Europe/Paris, America/Montreal, UTC). */
const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a known time zone: use an IANA name such as "Europe/Paris" or "UTC"' },
);

/** A cron expression croner accepts: 5 fields (minute precision) or 6 (seconds first). */
const cronPattern = z.string().superRefine((pattern, ctx) => {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a valid cron expression (${(e as Error).message.replace(/^CronPattern: /, '')}); e.g. "0 6 * * 1" is Mondays at 06:00` });
  }
});

const Schedule = z.union([
  cronPattern,
  z.strictObject({
    cron: cronPattern,
    timezone: timezone.optional(),
  }),
]);

const count = (min: number) => z.int().min(min);
const duration = z.union([
  z.number().min(0),
  z.string().regex(/^\s*\d+(?:\.\d+)?\s*(?:ms|s|m)?\s*$/i, 'a duration such as 500ms, 2s or 1m (a bare number is seconds)'),
]);
const size = z.union([z.int().min(1), z.string().regex(/^\s*\d+(?:\.\d+)?\s*(?:b|kb|k|mb|m|gb|g)?\s*$/i, 'a size such as 500KB or 5MB (a bare number is bytes)')]);

/** Crawl options: the scan command's web options, in camelCase (`--max-pages 500` is `maxPages: 500`). */
export const CrawlOptions = z.strictObject({
  depth: count(0).optional(),
  scope: z.enum(SCOPES).optional(),
  maxPages: count(1).optional(),
  include: z.array(nonEmpty).optional(),
  exclude: z.array(nonEmpty).optional(),
  render: z.enum(RENDER_MODES).optional(),
  renderPages: count(1).optional(),
  concurrency: count(1).optional(),
  perHost: count(1).optional(),
  delay: duration.optional(),
  timeout: duration.optional(),
  retries: count(0).optional(),
  maxSize: size.optional(),
  ignoreRobots: z.boolean().optional(),
  userAgent: nonEmpty.optional(),
  /** reach loopback/private/metadata addresses (an intranet group) */
  allowPrivate: z.boolean().optional(),
  /** obey claimscan-disable-next comments in the pages: for a group of one's own sites */
  honorInlineOptOuts: z.boolean().optional(),
});
export type CrawlOptions = z.infer<typeof CrawlOptions>;

export const GroupSchema = z
  .strictObject({
    description: z.string().optional(),
    /** URLs to crawl from, or local files and folders */
    targets: z.array(nonEmpty).default([]),
    /** files listing URLs, one a line */
    urlFiles: z.array(nonEmpty).default([]),
    /** sitemap URLs whose pages are scanned */
    sitemaps: z.array(z.url({ protocol: /^https?$/, error: 'a sitemap is an http(s) URL' })).default([]),
    crawl: CrawlOptions.optional(),
    lang: lang.optional(),
    schedule: Schedule.optional(),
    /** time zone of the schedule, when the schedule does not name one */
    timezone: timezone.optional(),
  })
  .refine((g) => g.targets.length + g.urlFiles.length + g.sitemaps.length > 0, {
    message: 'a group needs something to scan: targets, urlFiles or sitemaps',
  });
export type GroupConfig = z.infer<typeof GroupSchema>;

const RulesSchema = z.strictObject({
  /** load the packs shipped with claimscan */
  builtin: z.boolean().default(true),
  /** more rule packs: folders (or folders of packs), npm:<package>, or a shipped pack's name */
  packs: z.array(nonEmpty).default([]),
  disable: z.array(nonEmpty).default([]),
  severity: z.record(nonEmpty, z.enum(SEVERITIES)).default({}),
  extend: z
    .record(
      nonEmpty,
      z.strictObject({
        patterns: z.record(z.string(), z.array(Pattern)).optional(),
        unless: z.record(z.string(), z.array(Pattern)).optional(),
      }),
    )
    .default({}),
});

const HistorySchema = z.strictObject({
  /** keep history (on by default) */
  enabled: z.boolean().default(true),
  /** default: reports/claimscan.db next to the config (or $CLAIMSCAN_DB) */
  db: nonEmpty.optional(),
  triageFile: nonEmpty.default('.claimscan-triage.yaml'),
});

const OutputSchema = z.strictObject({
  /** folder of the reports of `watch`: DIR/GROUP/TIME.FORMAT and DIR/GROUP/latest.FORMAT */
  dir: nonEmpty.default('reports'),
  formats: z.array(nonEmpty).min(1).default(['json']),
  /** write reports after every scan, or only after scans that found something new */
  write: z.enum(['every-scan', 'new-findings']).default('every-scan'),
});

const NotifySchema = z.strictObject({
  /** notify after scans with new findings (default) or after every scan */
  on: z.enum(['new-findings', 'every-scan']).default('new-findings'),
  webhook: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: 'the webhook is an http(s) URL' }),
      /** extra headers, e.g. Authorization; `${VAR}` is read from the environment */
      headers: z.record(z.string(), z.string()).default({}),
      /** milliseconds before giving up on one attempt */
      timeout: z.int().min(100).default(10_000),
      /** attempts after the first one fails */
      retries: z.int().min(0).max(10).default(2),
    })
    .optional(),
});

/** Text in images (`--ocr`): off unless enabled here or on the command line. */
export const OcrSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** images read per page at most */
  maxImagesPerPage: z.int().min(1).max(50).default(5),
  /** largest image read, in pixels (width × height) */
  maxPixels: z.int().min(10_000).default(25_000_000),
  /** largest image downloaded */
  maxImageSize: size.optional(),
  /** longest time one image may take */
  timeout: duration.optional(),
  /** text read with a lower mean word confidence (0–100) is dropped */
  minConfidence: z.number().min(0).max(100).default(55),
  /** Tesseract languages */
  languages: z.string().regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/, 'Tesseract languages such as "fra+eng"').default('fra+eng'),
  /** cache folder of text read (default ~/.cache/claimscan/ocr or $CLAIMSCAN_OCR_CACHE); false for none */
  cache: z.union([nonEmpty, z.literal(false)]).optional(),
});
export type OcrConfig = z.infer<typeof OcrSchema>;
/** A distributed scan's queue: BullMQ on Redis (see `claimscan worker`). */
const QueueSchema = z.union([
  z.string(),
  z.strictObject({
    /** redis://host:port */
    url: nonEmpty,
    /** attempts per site, the first included */
    attempts: z.int().min(1).max(20).optional(),
    /** delay before the first retry; it doubles at each retry */
    backoff: duration.optional(),
    /** a site's time limit */
    siteTimeout: duration.optional(),
  }),
]);
export type QueueConfig = z.infer<typeof QueueSchema>;

export const ConfigSchema = z.strictObject({
  /** scan through site jobs on Redis instead of in-process (scan and watch) */
  queue: QueueSchema.optional(),
  rules: RulesSchema.prefault({}),
  history: HistorySchema.prefault({}),
  output: OutputSchema.prefault({}),
  /** crawl options every group starts from */
  crawl: CrawlOptions.optional(),
  groups: z.record(z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'a group name is letters, digits, ".", "_" and "-"'), GroupSchema).default({}),
  notify: NotifySchema.prefault({}),
  /** text in images: `ocr: true`, or its settings */
  ocr: z.union([z.boolean(), OcrSchema]).optional(),
});
export type ProjectConfig = z.infer<typeof ConfigSchema>;
