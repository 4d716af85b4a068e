import { describe, expect, it } from 'vitest';
import { barChart, escapeXml, lineChart, radarChart } from './svg.js';

const numbers = (text: string) => text.split(/[ ,]/).map(Number);

describe('SVG charts', () => {
  it('bars are proportional to the values and labels are escaped', () => {
    const svg = barChart({
      bars: [
        { label: '铂金 <A>', value: 10 },
        { label: 'B & C', value: 5 },
        { label: 'none', value: 0 },
      ],
    });
    const widths = [...svg.matchAll(/class="bar" [^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(3);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.5, 6);
    expect(widths[2]).toBe(0);
    expect(svg).toContain('铂金 &lt;A&gt;');
    expect(svg).toContain('B &amp; C');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('the trend line puts the largest value at the top of the plot and zero at the bottom', () => {
    const svg = lineChart({
      points: [
        { label: 'a', value: 0 },
        { label: 'b', value: 50 },
        { label: 'c', value: 100 },
      ],
      height: 200,
    });
    const path = /class="line" d="([^"]+)"/.exec(svg)![1]!;
    const ys = path.split(' ').map((step) => Number(step.slice(1).split(',')[1]));
    expect(ys[0]).toBeGreaterThan(ys[2]!);
    expect((ys[0]! + ys[2]!) / 2).toBeCloseTo(ys[1]!, 6);
  });

  it('the radar puts a full score on the outer ring and a minimum score at the centre', () => {
    const svg = radarChart({
      axes: ['x', 'y', 'z', 'w'],
      min: 1,
      max: 5,
      size: 300,
      series: [{ name: 'self', values: [5, 1, 3, null] }],
    });
    const points = /class="series" data-series="self" points="([^"]+)"/.exec(svg)![1]!;
    const [x0, y0, x1, y1, x2, y2, x3, y3] = numbers(points);
    // 300 high plus 110 each side for labels: centre (260, 150), radius 100; axis 0 points up.
    expect([x0, y0]).toEqual([260, 50]);
    expect([x1, y1]).toEqual([260, 150]);
    expect(x2).toBeCloseTo(260, 6);
    expect(y2).toBeCloseTo(200, 6);
    expect([x3, y3]).toEqual([260, 150]);
  });

  it('escapes every XML special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
