// An SVG of the two figures a reader wants side by side: query latency (log scale) and nDCG@10.
export interface ChartRow {
  engine: string;
  p50Ms: number;
  ndcg10?: number;
}

const COLORS = ['#2b6cb0', '#63b3ed', '#dd6b20', '#38a169', '#805ad5', '#718096'];

export function chart(
  title: string,
  latencySet: string,
  latency: ChartRow[],
  relevanceSet: string,
  relevance: ChartRow[],
): string {
  const width = 760;
  const rowHeight = 26;
  const height = 90 + Math.max(latency.length, relevance.length) * rowHeight + 40;
  const barWidth = 240;
  const maxLog = Math.log10(Math.max(...latency.map((r) => r.p50Ms), 0.01) * 10);
  const minLog = Math.log10(Math.min(...latency.map((r) => r.p50Ms), 10) / 2);
  const bar = (x: number, y: number, w: number, color: string): string =>
    `<rect x="${x}" y="${y}" width="${Math.max(1, w).toFixed(1)}" height="${rowHeight - 8}" fill="${color}"/>`;
  const text = (x: number, y: number, s: string, size = 12, weight = 'normal'): string =>
    `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" font-weight="${weight}">${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    text(20, 28, title, 15, 'bold'),
    text(20, 60, `p50 ms, top 10, ${latencySet} (log; less is better)`, 12, 'bold'),
    text(400, 60, `nDCG@10, ${relevanceSet} (more is better)`, 12, 'bold'),
  ];
  latency.forEach((row, i) => {
    const y = 75 + i * rowHeight;
    const w = ((Math.log10(row.p50Ms) - minLog) / (maxLog - minLog)) * barWidth;
    parts.push(
      text(20, y + 13, row.engine),
      bar(110, y, w, COLORS[i % COLORS.length]!),
      text(115 + w, y + 13, row.p50Ms.toFixed(3)),
    );
  });
  relevance.forEach((row, i) => {
    const y = 75 + i * rowHeight;
    const w = (row.ndcg10 ?? 0) * barWidth;
    parts.push(
      text(400, y + 13, row.engine),
      bar(490, y, w, COLORS[i % COLORS.length]!),
      text(495 + w, y + 13, row.ndcg10 === undefined ? '-' : row.ndcg10.toFixed(3)),
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
