/** The page shell: inline CSS, no scripts, nothing fetched — a report opens offline from file://. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const num = (n: number | undefined): string =>
  n === undefined || !Number.isFinite(n) ? '—' : n === 0 ? '0' : Math.abs(n) >= 1e-3 && Math.abs(n) < 1e4 ? n.toFixed(5) : n.toExponential(3);

export const signed = (n: number | undefined): string => (n === undefined ? '—' : n === 0 ? '0' : `${n > 0 ? '+' : '−'}${num(Math.abs(n))}`);

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 0; background: #f6f7f9; }
main { max-width: 760px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #dde1e7; padding-bottom: 4px; }
.meta { color: #5b6472; margin: 0 0 8px; } .meta code { background: #eceef2; padding: 1px 5px; border-radius: 3px; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #dde1e7; padding: 4px 10px; text-align: left; } td.n { text-align: right; }
th { background: #eef1f5; font-weight: 600; }
figure { margin: 10px 0 18px; background: #fff; border: 1px solid #dde1e7; border-radius: 4px; padding: 8px; }
figure svg { max-width: 100%; height: auto; display: block; } figcaption { color: #5b6472; font-size: 12px; margin-top: 4px; }
pre { background: #fff; border: 1px solid #dde1e7; padding: 10px; overflow: auto; font-size: 12px; }
.status-success { color: #1a7f37; } .status-failed, .status-interrupted { color: #b42318; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

/** Numbers (and the dash for a missing one) are right-aligned. */
const NUMBER = /^(?:[−+-]?\d[\d.]*(?:e[−+-]?\d+)?|—)$/;

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const tr = (cells: readonly string[], tag: string): string =>
    `<tr>${cells.map((c) => `<${tag}${tag === 'td' && NUMBER.test(c) ? ' class="n"' : ''}>${c}</${tag}>`).join('')}</tr>`;
  return `<table><thead>${tr(head, 'th')}</thead><tbody>${rows.map((r) => tr(r, 'td')).join('\n')}</tbody></table>`;
}

/** An inline chart plus a link to the same SVG saved beside the report. */
export function figure(svg: string, file: string, caption: string): string {
  return `<figure data-chart="${escapeHtml(file)}">${svg}<figcaption>${escapeHtml(caption)} · <a href="${escapeHtml(file)}">${escapeHtml(file)}</a></figcaption></figure>`;
}
