import { describe, expect, it } from 'vitest';
import { svgToPng } from './png.js';
import { barChart } from './svg.js';

describe('svgToPng', () => {
  it('renders a chart to a PNG of the requested width', async () => {
    const png = await svgToPng(barChart({ bars: [{ label: 'A', value: 3 }] }), 280);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(280);
  });

  it('rejects text that is not SVG with a KamError', async () => {
    await expect(svgToPng('not svg')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
