import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A PDF's text as pdf.js reads it (what a person copies out of a viewer): one string per page, items joined by " | ". */
export async function pdfText(data: Uint8Array | Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((i) => ('str' in i ? i.str : '')).filter((s) => s.trim()).join(' | '));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
