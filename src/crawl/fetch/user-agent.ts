import { VERSION } from '../../version.js';

/** Where a site owner who sees claimscan in their logs can read what it is and who runs it. */
export const DEFAULT_CONTACT = 'https://www.npmjs.com/package/claimscan';

/** The robots.txt product token claimscan obeys (`User-agent: claimscan`). */
export const ROBOTS_TOKEN = 'claimscan';

/** `claimscan/0.1.0 (+contact; advertising-claims compliance scanner)` — names the tool and a contact. */
export function userAgent(contact: string = DEFAULT_CONTACT): string {
  return `claimscan/${VERSION} (+${contact}; advertising-claims compliance scanner)`;
}
