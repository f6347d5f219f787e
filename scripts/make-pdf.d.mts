export interface PdfLine {
  text: string;
  /** type size in points (default 11); above 13 is set in bold */
  size?: number;
}
export function makePdf(pages: Array<{ lines: PdfLine[] }>, options?: { title?: string }): Buffer;
