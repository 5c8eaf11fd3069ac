import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createCanvas } from '@napi-rs/canvas';
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(process.argv[2])), standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/' }).promise;
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const vp = page.getViewport({ scale: 1.3 });
  const canvas = createCanvas(vp.width, vp.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, vp.width, vp.height);
  await page.render({ canvasContext: ctx, viewport: vp, canvas }).promise;
  fs.writeFileSync(`${process.argv[3]}-${n}.png`, canvas.toBuffer('image/png'));
}
