import { readLocalPage, readStreamPage } from './fetch/read-local.js';
import { htmlFilesUnder } from './targets/local-files.js';
import type { PageHandler, PageSource } from './page-source.js';

/** Local targets: HTML files, folders of them, and `-` for HTML on stdin. */
export class LocalSource implements PageSource {
  readonly wantsLinks = false;

  constructor(
    private readonly targets: string[],
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
  ) {}

  async run(handle: PageHandler, signal: AbortSignal): Promise<void> {
    for (const target of this.targets) {
      if (signal.aborted) return;
      if (target === '-') {
        await handle(await readStreamPage(this.stdin));
        continue;
      }
      let files: string[];
      try {
        files = htmlFilesUnder(target);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        await handle({ url: target, status: 0, fetchedAt: new Date().toISOString(), error: `cannot read: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}` });
        continue;
      }
      for (const file of files) {
        if (signal.aborted) return;
        await handle(await readLocalPage(file));
      }
    }
  }
}
