/**
 * The sweep report's variants: a row each with a link to its run report. Up to VARIANTS_INLINE
 * they are one table in the report; beyond, the report stays small: the variants sit in pages of
 * VARIANTS_PER_PAGE beside it (variants-1.html, …; plain HTML, no scripts), and the report keeps
 * links to them plus, collapsed (<details>), the best combinations' variants and those that did
 * not succeed.
 */
import { escapeHtml, page, table } from './html.js';
import type { SweepContext, SweepVariant } from './sweep-context.js';
import { short, value } from './sweep-labels.js';

export const VARIANTS_INLINE = 200;
export const VARIANTS_PER_PAGE = 1000;

export interface VariantsSection {
  readonly html: readonly string[];
  /** File name → page, beside report.html. */
  readonly pages: Readonly<Record<string, string>>;
}

const statusOf = (ctx: SweepContext, v: SweepVariant): string => ctx.byRun.get(v.runId)?.record.status ?? v.status ?? 'incomplete';

/** `best`: the variants of the top-ranked combinations, when the report ranks them. */
export function variantsSection(ctx: SweepContext, title: string, best: readonly SweepVariant[] = []): VariantsSection {
  const axes = Object.keys(ctx.sweep.grid);
  const index = new Map(ctx.sweep.variants.map((v, i) => [v.runId, i]));
  const head = ['#', ...axes.map((a) => escapeHtml(short(a))), 'seed', 'status', 'seconds', 'run'];
  const row = (v: SweepVariant): string[] => {
    const record = ctx.byRun.get(v.runId)?.record;
    const status = statusOf(ctx, v);
    const seconds = record ? record.stages.filter((s) => s.status === 'ran').reduce((a, s) => a + s.seconds, 0).toFixed(2) : '—';
    const link = record ? `<a href="../../runs/${escapeHtml(v.runId)}/report.html">${escapeHtml(v.runId)}</a>` : escapeHtml(v.runId);
    return [String(index.get(v.runId)! + 1), ...axes.map((a) => escapeHtml(value(v.params[a]))), String(v.seed), `<span class="status-${escapeHtml(status)}">${escapeHtml(status)}</span>`, seconds, link];
  };
  const variants = ctx.sweep.variants;
  if (variants.length <= VARIANTS_INLINE) return { html: [table(head, variants.map(row))], pages: {} };

  const pages: Record<string, string> = {};
  const links: string[] = [];
  const count = Math.ceil(variants.length / VARIANTS_PER_PAGE);
  const name = (p: number): string => `variants-${p + 1}.html`;
  for (let p = 0; p < count; p++) {
    const from = p * VARIANTS_PER_PAGE;
    const slice = variants.slice(from, from + VARIANTS_PER_PAGE);
    const range = `${from + 1}–${from + slice.length}`;
    links.push(`<a href="${name(p)}">${range}</a>`);
    const nav = [`<a href="report.html">sweep report</a>`, ...(p > 0 ? [`<a href="${name(p - 1)}">previous</a>`] : []), ...(p < count - 1 ? [`<a href="${name(p + 1)}">next</a>`] : [])];
    pages[name(p)] = page(`${title}: variants ${range}`, [
      `<h1>${escapeHtml(title)}: variants ${range} of ${variants.length}</h1>`, `<p class="meta">${nav.join(' · ')}</p>`, table(head, slice.map(row)),
    ].join('\n'));
  }
  const failed = variants.filter((v) => statusOf(ctx, v) !== 'success');
  const shownFailed = failed.slice(0, VARIANTS_INLINE);
  const html = [
    `<p class="meta">${variants.length} variants, ${failed.length ? `${failed.length} of them did not succeed` : 'all succeeded'}; listed ${VARIANTS_PER_PAGE} to a page: ${links.join(' · ')}</p>`,
    ...(best.length ? [`<details><summary>The ${best.length} variants of the combinations listed above, best first</summary>${table(head, best.map(row))}</details>`] : []),
    ...(failed.length ? [`<details><summary>${failed.length} ${failed.length === 1 ? 'variant' : 'variants'} that did not succeed${failed.length > shownFailed.length ? ` (the first ${shownFailed.length})` : ''}</summary>${table(head, shownFailed.map(row))}</details>`] : []),
  ];
  return { html, pages };
}
