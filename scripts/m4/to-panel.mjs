#!/usr/bin/env node
/**
 * Turns the M4 competition's files for one frequency (one row per series: id, then values, ragged;
 * train and test in separate files) into the long panel `source/csv` reads with `series:`:
 *
 *   series,t,y          one row per observation; t counts from 1 within each series;
 *   H1,1,605            the training values, then the test values, so `splitter/holdout`
 *   ...                 with `test: HORIZON` holds out exactly the competition's test rows.
 *
 *   node scripts/m4/to-panel.mjs Hourly [DATA_DIR]    (DATA_DIR: default data/m4, filled by scripts/fetch-m4.sh)
 *
 * Writes DATA_DIR/<frequency>-panel.csv (hourly-panel.csv). The data are the M4 competition's
 * (Makridakis, Spiliotis, Assimakopoulos; github.com/Mcompetitions/M4-methods), not redistributed here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [frequency, dir = resolve(import.meta.dirname, '../../data/m4')] = process.argv.slice(2);
if (!frequency) {
  console.error('usage: node scripts/m4/to-panel.mjs Hourly|Weekly|... [DATA_DIR]');
  process.exit(2);
}

/** id → values of one M4 file (header row skipped, quotes and trailing empty cells dropped). */
function readRows(file) {
  const rows = new Map();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    if (!line.trim()) continue;
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    const values = cells.slice(1).filter((c) => c !== '' && c !== 'NA');
    rows.set(cells[0], values);
  }
  return rows;
}

const train = readRows(join(dir, `${frequency}-train.csv`));
const test = readRows(join(dir, `${frequency}-test.csv`));
const out = ['series,t,y'];
for (const [id, values] of train) {
  const held = test.get(id);
  if (!held) throw new Error(`${id} has no test row in ${frequency}-test.csv`);
  [...values, ...held].forEach((v, i) => out.push(`${id},${i + 1},${v}`));
}
const target = join(dir, `${frequency.toLowerCase()}-panel.csv`);
writeFileSync(target, `${out.join('\n')}\n`);
console.log(`${train.size} series, ${out.length - 1} rows → ${target}`);
