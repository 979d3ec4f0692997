// Draws the home-screen icons of the web app manifest (public/img/icons/*.png): the favicon's blue square with a
// white open book, padded for the "maskable" safe zone. Run once with `npx tsx scripts/make-app-icons.ts`; the
// PNGs are committed, so pngjs (a dev dependency) is never needed at run time.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const BLUE = [0x00, 0x66, 0xcc];
const WHITE = [0xff, 0xff, 0xff];

function draw(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // a book of two pages inside the maskable safe zone (the middle 60 %)
      const u = x / size;
      const v = y / size;
      const inBook = v > 0.32 && v < 0.68 && u > 0.24 && u < 0.76;
      const spine = Math.abs(u - 0.5) < 0.012;
      const colour = inBook && !spine ? WHITE : BLUE;
      const i = (y * size + x) * 4;
      png.data[i] = colour[0];
      png.data[i + 1] = colour[1];
      png.data[i + 2] = colour[2];
      png.data[i + 3] = 0xff;
    }
  }
  return PNG.sync.write(png);
}

for (const size of [192, 512]) writeFileSync(`public/img/icons/icon-${size}.png`, draw(size));
