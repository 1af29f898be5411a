/**
 * SVG to PNG with resvg (@resvg/resvg-js: a Rust renderer shipped as a
 * prebuilt binary inside its npm package, so it installs offline and needs
 * no browser). Text uses the system's fonts (DejaVu on Debian).
 *
 * resvg is imported on first use, not with `require('repsim')`: loading its
 * native binary made every import of the library pay for a feature only the
 * report writers use.
 */
let resvg: Promise<typeof import('@resvg/resvg-js')> | undefined;

/** The PNG bytes of an SVG document, at twice its size for sharp text. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  resvg ??= import('@resvg/resvg-js');
  const { Resvg } = await resvg;
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
