import { importOptional } from '../../errors/import-optional.js';
import { KAM_ERROR_CODES, KamError } from '../../errors/kam-error.js';

/**
 * Render an SVG to PNG with `@resvg/resvg-js` (system fonts, so CJK labels
 * render where a CJK font is installed), for chat platforms that need an image.
 *
 * @param width - output width in pixels (default: the SVG's own).
 * @throws KamError `INVALID_INPUT` when the SVG cannot be parsed; `INVALID_STATE` when the
 *   optional peer dependency `@resvg/resvg-js` is not installed.
 * @example
 * ```ts
 * const png = await svgToPng(barChart({ bars: [{ label: 'A', value: 3 }] }));
 * await writeFile('tiers.png', png);
 * ```
 */
export async function svgToPng(svg: string, width?: number): Promise<Uint8Array> {
  const { Resvg } = await importOptional(() => import('@resvg/resvg-js'), '@resvg/resvg-js', {
    'zh-CN': '将图表渲染为 PNG',
    en: 'Rendering a chart to PNG',
  });
  try {
    const renderer = new Resvg(svg, {
      background: '#ffffff',
      font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
      ...(width === undefined ? {} : { fitTo: { mode: 'width' as const, value: width } }),
    });
    return renderer.render().asPng();
  } catch (error) {
    throw new KamError({
      code: KAM_ERROR_CODES.INVALID_INPUT,
      path: 'svg',
      message: { 'zh-CN': '无法将 SVG 渲染为 PNG', en: 'The SVG could not be rendered to PNG' },
      cause: error,
    });
  }
}
