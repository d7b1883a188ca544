import { PNG } from 'pngjs';

/** One day of the chart. */
export interface ChartDay {
  date: string;
  orders: number;
  revenueMinor: number;
}

const width = 840;
const height = 320;
const margin = { left: 40, right: 40, top: 20, bottom: 30 };
type Color = readonly [number, number, number];
const colors = { background: [255, 255, 255], axis: [120, 120, 120], grid: [230, 230, 230], bars: [10, 125, 90], line: [230, 120, 20] } as const satisfies Record<string, Color>;

function paint(png: PNG, x: number, y: number, [r, g, b]: Color): void {
  if (x < 0 || y < 0 || x >= png.width || y >= png.height) return;
  const index = (png.width * Math.round(y) + Math.round(x)) << 2;
  png.data[index] = r;
  png.data[index + 1] = g;
  png.data[index + 2] = b;
  png.data[index + 3] = 255;
}

function rectangle(png: PNG, x0: number, y0: number, x1: number, y1: number, color: Color): void {
  for (let x = Math.floor(x0); x <= x1; x += 1) for (let y = Math.floor(y0); y <= y1; y += 1) paint(png, x, y, color);
}

/** A thick line (Bresenham with a 3-pixel pen). */
function line(png: PNG, x0: number, y0: number, x1: number, y1: number, color: Color): void {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  for (let step = 0; step <= steps; step += 1) {
    const x = x0 + ((x1 - x0) * step) / steps;
    const y = y0 + ((y1 - y0) * step) / steps;
    rectangle(png, x - 1, y - 1, x + 1, y + 1, color);
  }
}

/**
 * Orders (green bars, left scale) and revenue (orange line, right scale) per day, as a PNG.
 * Labels are in the Slack message beside the picture, so the picture needs no font.
 */
export function ordersChartPng(days: readonly ChartDay[]): Buffer {
  const png = new PNG({ width, height });
  rectangle(png, 0, 0, width - 1, height - 1, colors.background);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const bottom = margin.top + plotHeight;
  for (let tick = 0; tick <= 4; tick += 1) rectangle(png, margin.left, margin.top + (plotHeight * tick) / 4, margin.left + plotWidth, margin.top + (plotHeight * tick) / 4, colors.grid);
  const maxOrders = Math.max(1, ...days.map((day) => day.orders));
  const maxRevenue = Math.max(1, ...days.map((day) => day.revenueMinor));
  const slot = plotWidth / Math.max(1, days.length);
  days.forEach((day, index) => {
    const barHeight = (day.orders / maxOrders) * plotHeight;
    rectangle(png, margin.left + index * slot + slot * 0.2, bottom - barHeight, margin.left + index * slot + slot * 0.8, bottom, colors.bars);
  });
  const point = (index: number) => [margin.left + index * slot + slot / 2, bottom - (days[index]!.revenueMinor / maxRevenue) * plotHeight] as const;
  for (let index = 1; index < days.length; index += 1) line(png, ...point(index - 1), ...point(index), colors.line);
  rectangle(png, margin.left, margin.top, margin.left, bottom, colors.axis);
  rectangle(png, margin.left, bottom, margin.left + plotWidth, bottom, colors.axis);
  rectangle(png, margin.left + plotWidth, margin.top, margin.left + plotWidth, bottom, colors.axis);
  return PNG.sync.write(png);
}
