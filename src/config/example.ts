/** The commented config `claimscan init` writes: every section, with what it does. */
export const EXAMPLE_CONFIG = `# claimscan project config — https://github.com/claimscan/claimscan#monitoring
# Paths are relative to this file. Check it with: claimscan watch --check

# Target groups: what to scan, how deep, and when. Each group is a series of scans that
# claimscan compares with each other (new / unchanged / fixed findings).
groups:
  clinics:
    description: Clinics we follow every week
    targets:                      # start URLs (the crawl follows links), or local files and folders
      - https://www.clinique.example/
    # urlFiles: [urls/clinics.txt] # files of URLs, one a line (# comments allowed)
    # sitemaps: [https://www.clinique.example/sitemap.xml]
    crawl:                        # per-group crawl options (the scan command's, in camelCase)
      depth: 3
      maxPages: 500
    lang: auto                    # fr, en or auto (from <html lang>, else detected)
    schedule: "0 6 * * 1"         # cron: Mondays at 06:00 (6 fields = with seconds)
    timezone: Europe/Paris
  # blog:
  #   targets: [./site/blog]      # a local folder of HTML files
  #   schedule: { cron: "30 7 * * *", timezone: UTC }

# Crawl options every group starts from (a group's own crawl options win).
crawl:
  concurrency: 4

# Text in images (banners, slides) read with Tesseract on pages about the treatment: off
# unless set here or with --ocr. \`ocr: true\` takes the defaults below.
# ocr:
#   maxImagesPerPage: 5
#   maxPixels: 25000000
#   timeout: 20s
#   minConfidence: 55
#   languages: fra+eng

# Rules: packs to load, and changes to the shipped rules without editing them.
rules:
  builtin: true                   # the mesotherapy pack shipped with claimscan
  packs: []                       # more pack folders, e.g. [./rules/our-pack]
  disable: []                     # rule ids to turn off, e.g. [meso-training-recognized-diploma]
  severity: {}                    # re-grade rules, e.g. { meso-mixture-in-office: low }
  extend: {}                      # more patterns for a rule, e.g.
  #  meso-safety-no-risk:
  #    patterns:
  #      fr: ["zéro effet indésirable"]

# History: every scan, page and finding, for diffs, triage and resume.
history:
  enabled: true
  db: reports/claimscan.db
  triageFile: .claimscan-triage.yaml   # triage baseline applied to every scan, if present

# Reports written by \`claimscan watch\`: DIR/GROUP/TIME.FORMAT and DIR/GROUP/latest.FORMAT
output:
  dir: reports
  formats: [json]
  write: every-scan               # or new-findings: only when a scan found something new

# Notifications from \`claimscan watch\`.
notify:
  on: new-findings                # or every-scan
  # webhook:
  #   url: https://hooks.example.org/claimscan
  #   headers:
  #     Authorization: "Bearer \${CLAIMSCAN_WEBHOOK_TOKEN}"   # read from the environment
  #   timeout: 10000              # ms per attempt
  #   retries: 2
`;
