// Makes the README's preset × feature table from the last conformance run (results/*.json).
//   node conformance/table.mjs            prints the table and each cell's measured detail
//   node conformance/table.mjs --write    also puts the table into README.md between its markers
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BACKENDS } from './backends.mjs';
import { SCENARIOS } from './scenarios/index.mjs';
import { readResults } from './results.mjs';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- conformance-table:start -->';
const END = '<!-- conformance-table:end -->';

/** The table, its footnotes and a run summary, as Markdown. */
export function renderTable(runs) {
  const notes = [];
  const noteFor = (why) => {
    const index = notes.indexOf(why);
    if (index >= 0) return index + 1;
    notes.push(why);
    return notes.length;
  };
  const cell = (outcome) => {
    if (!outcome) return 'not run';
    if (!outcome.passed) return `✗ ${outcome.level} expected, failed`;
    if (outcome.level === 'full') return '✓';
    const mark = outcome.level === 'partial' ? 'partial' : '—';
    return `${mark} <sup>${noteFor(outcome.why)}</sup>`;
  };

  const lines = [
    `| feature | ${runs.map((run) => `\`${run.preset}\``).join(' | ')} |`,
    `|---|${runs.map(() => ':-:').join('|')}|`,
  ];
  for (const scenario of SCENARIOS) {
    const cells = runs.map((run) => cell(run.outcomes.find((o) => o.feature === scenario.id)));
    lines.push(`| ${scenario.title} | ${cells.join(' | ')} |`);
  }
  lines.push('', '✓ works; partial: what the backend allows works, and the rest degrades cleanly; — the backend lacks it, and the SDK says so (capability flags) without hanging.', '');
  notes.forEach((why, i) => lines.push(`${i + 1}. ${why}`));

  const outcomes = runs.flatMap((run) => run.outcomes);
  const failed = outcomes.filter((o) => !o.passed).length;
  const newest = runs.map((run) => run.finishedAt).sort().at(-1);
  lines.push('', `From the run of ${newest?.slice(0, 10)} (Node ${runs[0]?.node}): ${outcomes.length} scenarios on ${runs.length} backends, ` +
    `${outcomes.length - failed} passed, ${failed} failed. Made by \`cd backends && npm run conformance && npm run conformance:table -- --write\`.`);
  return lines.join('\n');
}

/** One line per cell with what the scenario measured, for the closing notes of a run. */
export function renderDetails(runs) {
  return runs.flatMap((run) => [
    `${run.preset}:`,
    ...run.outcomes.map((o) => `  ${o.passed ? 'pass' : 'FAIL'} ${o.feature.padEnd(20)} ${String(o.ms).padStart(6)} ms  ${o.detail}`),
  ]).join('\n');
}

function main(argv) {
  const runs = readResults(BACKENDS.map((backend) => backend.preset));
  const missing = BACKENDS.map((b) => b.preset).filter((preset) => !runs.some((run) => run.preset === preset));
  if (missing.length > 0) {
    console.error(`no results for ${missing.join(', ')}: run \`npm run conformance\` first`);
    process.exitCode = 1;
    return;
  }
  const table = renderTable(runs);
  console.log(table);
  console.log(`\n${renderDetails(runs)}`);
  if (argv.includes('--write')) {
    const readme = fs.readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
    fs.writeFileSync(README, `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`);
    console.log('\nREADME.md updated');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
