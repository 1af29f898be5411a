/**
 * SVG to PNG with resvg (@resvg/resvg-js: a Rust renderer shipped as a
 * prebuilt binary inside its npm package, so it installs offline and needs
 * no browser). Text uses the system's fonts (DejaVu on Debian).
 */
import { Resvg } from '@resvg/resvg-js';

/** The PNG bytes of an SVG document, at twice its size for sharp text. */
export function svgToPng(svg: string): Uint8Array {
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
