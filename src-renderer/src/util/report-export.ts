/**
 * The evaluation report as one self-contained HTML file: the charts as PNG images (from ECharts), the
 * figures and the mistakes with their face crops inlined as data URLs, so it opens anywhere, offline, and
 * prints as it shows.
 */
import type { EvaluationReport } from '../../../src-main/api/contract';

/** Mistakes whose faces go into the file (each is two small JPEGs inlined). */
const mistakesExported = 100;

export interface ExportText {
  title: string;
  accuracy: string;
  charts: Array<{ caption: string; png: string | null }>;
  /** Column heads of the per-person table: person, correct, total, accuracy. */
  perPersonHeads: [string, string, string, string];
  mistakesTitle: string;
  takenFor: (name: string, score: string) => string;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A media URL's image as a data URL (null when it cannot be read). */
async function dataUrl(url: string): Promise<string | null> {
  try {
    const blob = await (await fetch(url)).blob();
    return await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.onerror = () => reject(reader.error ?? new Error('read failed'));
      reader.readAsDataURL(blob);
    });
  } catch {
    return null;
  }
}

/** The report as an HTML document. `faceUrl` gives a face crop's URL by face id. */
export async function reportHtml(
  report: EvaluationReport,
  text: ExportText,
  faceUrl: (faceId: number) => string,
): Promise<string> {
  const name = (index: number): string => escape(report.classes[index]?.name ?? String(index));
  const charts = text.charts
    .filter((chart) => chart.png)
    .map(
      (chart) => `<figure><figcaption>${escape(chart.caption)}</figcaption><img src="${chart.png}"></figure>`,
    )
    .join('\n');
  const rows = report.perPerson
    .map(
      (row) =>
        `<tr><td>${name(row.class)}</td><td>${row.correct}</td><td>${row.total}</td><td>${(row.accuracy * 100).toFixed(1)}%</td></tr>`,
    )
    .join('\n');
  const mistakes: string[] = [];
  for (const mistake of report.misclassified.slice(0, mistakesExported)) {
    const taken = mistake.matchFace ?? report.classes[mistake.predicted]?.exampleFace ?? null;
    const [own, other] = await Promise.all([
      dataUrl(faceUrl(mistake.faceId)),
      taken === null ? Promise.resolve(null) : dataUrl(faceUrl(taken)),
    ]);
    mistakes.push(
      `<li><figure>${own ? `<img src="${own}">` : ''}<figcaption>${name(mistake.actual)}</figcaption></figure>` +
        `<span>→</span><figure>${other ? `<img src="${other}">` : ''}<figcaption>` +
        `${escape(text.takenFor(report.classes[mistake.predicted]?.name ?? '', (mistake.score * 100).toFixed(0)))}` +
        `</figcaption></figure></li>`,
    );
  }
  const [person, correct, total, accuracy] = text.perPersonHeads.map(escape);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(text.title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#111317;color:#e6e8eb;margin:24px}
h1{font-size:20px}h2{font-size:15px;margin-top:24px}
figure{margin:0 0 16px}figcaption{color:#9097a3;font-size:12px;margin-bottom:4px}
.charts img{max-width:100%}
table{border-collapse:collapse;font-size:12px}td,th{padding:2px 12px 2px 0;text-align:left;border-bottom:1px solid #262a32}
ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:10px}
li{display:flex;align-items:center;gap:6px;background:#1a1d23;border-radius:8px;padding:6px;break-inside:avoid}
li img{width:72px;height:72px;object-fit:cover;border-radius:4px}li figure{margin:0;text-align:center;font-size:11px}
@media print{body{background:#fff;color:#000}li{background:#f3f3f3}}
</style></head><body>
<h1>${escape(text.title)}</h1>
<p>${escape(text.accuracy)}</p>
<div class="charts">${charts}</div>
<h2>${person} · ${accuracy}</h2>
<table><thead><tr><th>${person}</th><th>${correct}</th><th>${total}</th><th>${accuracy}</th></tr></thead><tbody>${rows}</tbody></table>
<h2>${escape(text.mistakesTitle)}</h2>
<ul>${mistakes.join('\n')}</ul>
</body></html>`;
}

/** Offers a file to the user as a download. */
export function download(name: string, content: Blob | string, type = 'text/html'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A data URL's bytes as a Blob (for a chart's PNG download). */
export async function dataUrlBlob(url: string): Promise<Blob> {
  return (await fetch(url)).blob();
}
