/**
 * A small, dependency-free PDF writer for fixtures and the demo site: pages of text lines in
 * Helvetica (WinAnsi, so French accents work), a title line in a larger size. Not a general
 * PDF library: just enough to make brochures the scanner must read.
 *
 *   makePdf([{ lines: [{ text: 'Tarifs', size: 20 }, { text: '…' }] }, …], { title }) → Buffer
 */
export function makePdf(pages, options = {}) {
  const objects = [];
  const add = (body) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add(null);
  const pagesObj = add(null);
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids = [];
  for (const page of pages) {
    let y = 800;
    let stream = '';
    for (const line of page.lines) {
      const size = line.size ?? 11;
      y -= size * 1.6;
      stream += `BT /${size > 13 ? 'F2' : 'F1'} ${size} Tf 50 ${y.toFixed(1)} Td (${escapePdf(line.text)}) Tj ET\n`;
    }
    const bytes = Buffer.from(stream, 'latin1');
    const content = add(`<< /Length ${bytes.length} >>\nstream\n${stream}endstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R /F2 ${bold} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = options.title ? add(`<< /Title (${escapePdf(options.title)}) >>`) : undefined;
  let out = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function escapePdf(text) {
  // WinAnsi: the typographic apostrophe is 0x92; the rest of French fits latin-1
  return text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/’/g, '\x92').replace(/œ/g, '\x9C').replace(/€/g, '\x80').replace(/–/g, '-');
}
