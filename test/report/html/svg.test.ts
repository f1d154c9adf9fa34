import { describe, expect, it } from 'vitest';
import { formatTick, histogram, intervalBar, scatter, seriesChart } from '../../../src/report/html/svg.js';

function attrs(svg: string, element: string, name: string): string[] {
  return [...svg.matchAll(new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

describe('intervalBar', () => {
  it('draws the rate as a bar and the interval as a whisker on a [0, 1] axis', () => {
    const svg = intervalBar({ rate: 0.5, low: 0.25, high: 1 }, 104).value;
    // The axis spans x = 2 … 102 (100 px), so 0.5 ends at 52, 0.25 is 27 and 1 is 102.
    expect(attrs(svg, 'rect', 'width')).toEqual(['100', '50']);
    expect(attrs(svg, 'line', 'x1')).toEqual(['27', '27', '102']);
    expect(attrs(svg, 'line', 'x2')).toEqual(['102', '27', '102']);
    expect(svg).toContain('<title>0.500 [0.250, 1.000]</title>');
  });

  it('clamps values outside [0, 1]', () => {
    const svg = intervalBar({ rate: 1.5, low: -1, high: 2 }, 104).value;
    expect(attrs(svg, 'rect', 'width')).toEqual(['100', '100']);
    expect(attrs(svg, 'line', 'x1')).toEqual(['2', '2', '102']);
  });
});

describe('histogram', () => {
  it('scales bars to the largest bin and titles each with its count', () => {
    const svg = histogram([0, 1, 4], '#000', 30, 34).value;
    // Heights are relative to 32 px (34 − 2): 0, 8 and 32.
    expect(attrs(svg, 'rect', 'height')).toEqual(['0', '8', '32']);
    expect(svg).toContain('<title>0.7–1.0: 4</title>');
  });

  it('draws only a baseline for no values', () => {
    expect(attrs(histogram([0, 0], '#000').value, 'rect', 'height')).toEqual(['0', '0']);
  });
});

describe('scatter', () => {
  it('draws one labelled point with a whisker per agent, escaping labels', () => {
    const svg = scatter(
      [
        { label: 'oracle', colour: 0, x: 0, y: { rate: 1, low: 0.8, high: 1 } },
        { label: '<b>evil</b>', colour: 1, x: 0.02, y: { rate: 0.5, low: 0.3, high: 0.7 } },
      ],
      'mean cost',
      'resolved',
    ).value;
    expect(attrs(svg, 'circle', 'cx')).toHaveLength(2);
    const [first, second] = attrs(svg, 'circle', 'cx').map(Number);
    expect(second!).toBeGreaterThan(first!);
    expect(svg).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
  });
});

describe('seriesChart', () => {
  it('draws a point per defined value and skips categories a series lacks', () => {
    const svg = seriesChart(
      ['1.3', '1.4', '1.10'],
      [
        { name: 'a', points: [{ rate: 0.2, low: 0.1, high: 0.3 }, undefined, { rate: 0.6, low: 0.5, high: 0.7 }] },
        { name: 'b', points: [undefined, { rate: 0.4, low: 0.3, high: 0.5 }, undefined] },
      ],
      'resolved',
    ).value;
    expect(attrs(svg, 'circle', 'cy')).toHaveLength(3);
    expect(attrs(svg, 'polyline', 'points').map((p) => p.split(' ').length)).toEqual([2, 1]);
    expect(svg).toContain('a @ 1.10: 0.600 [0.500, 0.700]');
  });
});

describe('formatTick', () => {
  it.each([
    [0, '0'],
    [0.00123456, '0.001235'],
    [1234, '1234'],
    [15_000, '15k'],
    [2_500_000, '2.5M'],
  ])('%d → %s', (value, text) => {
    expect(formatTick(value)).toBe(text);
  });
});
