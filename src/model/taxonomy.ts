/** The claim categories of ../shared/claims-taxonomy.md: a public contract, ids never change. */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = {
  'efficacy.proven': { severity: 'high', title: 'Efficacy presented as proven or guaranteed' },
  'efficacy.treats': { severity: 'medium', title: 'Presented as treating or curing a condition' },
  'science.validated': { severity: 'high', title: 'Presented as scientifically validated or recognised' },
  'safety.no-risk': { severity: 'high', title: 'Presented as risk-free or without side effects' },
  'safety.natural': { severity: 'medium', title: 'Natural products presented as harmless' },
  'safety.low-dose': { severity: 'high', title: 'Low doses presented as meaning fewer side effects' },
  'action.local-only': { severity: 'high', title: 'Product presented as acting only where injected' },
  'approval.authorized': { severity: 'high', title: 'Practice or products presented as approved or authorised' },
  'training.recognized-diploma': { severity: 'medium', title: 'State-recognised diploma or official certification claimed' },
  'mixture.in-office': { severity: 'medium', title: 'Mixtures prepared in the practice or presented as safe' },
  'treatment.replacement': { severity: 'high', title: 'Presented as replacing or avoiding proven treatment' },
  'page.no-risk-disclosure': { severity: 'low', title: 'Promotional page with no risk disclosure' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_IDS = Object.keys(CATEGORIES) as [Category, ...Category[]];

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };
