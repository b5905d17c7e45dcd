// npm run ingest [-- --smoke] [--runs=R] [--sizes=10000,100000] [--contenders=chatwire,chatwire-ui,plain,react] [--recovery]
//
// Throughput of taking in N chat-message frames for one room, for the
// contenders below, all fed the very same pre-generated frame strings (lib/frames.mjs):
//   chatwire  the chatwire package (packed from ../npm), in Node, behind a
//             fake WebSocket that plays the server (lib/fake-websocket.mjs);
//   chatwire-ui  the same with a listener reading getSnapshot() on every
//             notification, as useSyncExternalStore (useRoom) does;
//   plain     socket.io's parsers + a careful plain-JS store (newest 500, dedup);
//   react     the seed apps' `messages = [...messages, m]` pattern.
// Prints figures; asserts only that each contender really did the work (its
// snapshot holds the newest messages and counts all N unread). --smoke runs
// N = 1000 once per contender with a 2 s budget a run, for CI. --recovery
// plays a server with Socket.IO's connectionStateRecovery: the CONNECT
// answer has a pid and every frame ends with an offset, which Chatwire
// takes off each frame (the others get it as one more argument, ignored).
import { generateMessageFrames, ROOM_ID, SELF } from './lib/frames.mjs';
import { verifySnapshot } from './lib/verify-snapshot.mjs';
import { machineLine, loadWarning, median, formatInteger, formatRatio, printTable } from './lib/report.mjs';
import { plainStoreContender } from './lib/contenders/plain-store.mjs';
import { reactPatternContender } from './lib/contenders/react-pattern.mjs';
import { openChatwireContenders } from './lib/contenders/chatwire.mjs';

/** A contender still running after this long in one run stops there and says so. */
const RUN_BUDGET_MS = 60_000;
/** The same for --smoke, which must stay within seconds: the run is checked, not timed. */
const SMOKE_RUN_BUDGET_MS = 2_000;
const WARM_UP_FRAMES = 2_000;
const WARM_UP_RUNS = 3;
/** Warm-up only has to get the hot paths optimized; a slow contender need not finish it. */
const WARM_UP_BUDGET_MS = 3_000;

function parseArguments(argv) {
  const options = { smoke: false, recovery: false, runs: null, sizes: [10_000, 100_000], contenders: ['chatwire', 'chatwire-ui', 'plain', 'react'] };
  for (const argument of argv) {
    const [flag, value] = argument.split('=');
    if (flag === '--smoke') options.smoke = true;
    else if (flag === '--recovery') options.recovery = true;
    else if (flag === '--runs') options.runs = positiveInteger(flag, value);
    else if (flag === '--sizes') options.sizes = value.split(',').map((size) => positiveInteger(flag, size));
    else if (flag === '--contenders') options.contenders = value.split(',');
    else throw new Error(`unknown argument ${argument}; see the comment at the top of ingest.mjs`);
  }
  if (options.smoke) options.sizes = [1_000];
  return options;
}

function positiveInteger(flag, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a positive integer, got ${text}`);
  return value;
}

function runsFor(size, options) {
  if (options.smoke) return 1;
  return options.runs ?? (size <= 10_000 ? 5 : 3);
}

function collectGarbage() {
  globalThis.gc?.();
}

/** One measured run: opens a fresh session (untimed), times ingest + one snapshot read, verifies. */
async function measureOnce(contender, frames, context, budgetMs) {
  const session = await contender.open(context);
  try {
    collectGarbage();
    const started = performance.now();
    const { processed, capped } = await session.ingest(frames, { budgetMs });
    const snapshot = session.snapshot();
    const elapsedMs = performance.now() - started;
    verifySnapshot(contender.name, snapshot, processed, contender.keptMessages);
    const sideEffects = session.sideEffects?.() ?? null;
    return { processed, capped, elapsedMs, rate: processed / (elapsedMs / 1000), sideEffects };
  } finally {
    await session.close();
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const contenders = [];
  let chatwire = null;
  try {
    for (const key of options.contenders) {
      if (key === 'plain') contenders.push(plainStoreContender);
      else if (key === 'react') contenders.push(reactPatternContender);
      else if (key === 'chatwire' || key === 'chatwire-ui') {
        chatwire ??= await openChatwireContenders();
        contenders.push(key === 'chatwire' ? chatwire.plain : chatwire.ui);
      } else throw new Error(`unknown contender ${key} (chatwire, chatwire-ui, plain, react)`);
    }
    await measureAll(contenders, options);
  } finally {
    await chatwire?.close();
  }
}

async function measureAll(contenders, options) {
  console.log('ingest: N chat-message frames into one room, messages per second (higher is better)');
  console.log(machineLine());
  const busy = loadWarning();
  if (busy) console.log(`warning: ${busy}`);
  for (const contender of contenders) console.log(`  ${contender.name}: ${contender.note}`);

  if (options.recovery) console.log('recovery: the server gives a pid, and every frame carries an offset');
  const allFrames = generateMessageFrames(Math.max(...options.sizes), 42, { offsets: options.recovery });
  const context = { roomId: ROOM_ID, self: SELF, recovery: options.recovery };
  const budgetMs = options.smoke ? SMOKE_RUN_BUDGET_MS : RUN_BUDGET_MS;
  if (!options.smoke) {
    console.log(`warm-up: ${WARM_UP_RUNS} untimed runs of ${WARM_UP_FRAMES} frames (or ${WARM_UP_BUDGET_MS / 1000} s) per contender before timing` +
      `${globalThis.gc ? '; gc() before each timed run' : ' (run with --expose-gc to collect garbage between runs)'}`);
    for (const contender of contenders) {
      for (let run = 0; run < WARM_UP_RUNS; run++) await measureOnce(contender, allFrames.slice(0, WARM_UP_FRAMES), context, WARM_UP_BUDGET_MS);
    }
  }

  for (const size of options.sizes) {
    const frames = allFrames.slice(0, size);
    const runs = runsFor(size, options);
    const results = new Map();
    for (const contender of contenders) {
      const measured = [];
      for (let run = 0; run < runs; run++) {
        const result = await measureOnce(contender, frames, context, budgetMs);
        measured.push(result);
        // A run that hit the budget says all there is to say; repeating it costs minutes.
        if (result.capped) break;
      }
      results.set(contender, measured);
    }
    printResultTable(size, contenders, results, options.smoke, budgetMs);
  }
}

/**
 * One table per N: a row per contender with its median rate, and one ratio
 * column per Chatwire flavour (its rate divided by the row's: above 1x,
 * Chatwire is faster).
 */
function printResultTable(size, contenders, results, smoke, budgetMs) {
  const medianRate = (contender) => median(results.get(contender).map((result) => result.rate));
  const chatwires = contenders.filter((contender) => contender.isChatwire);
  console.log(`\nN = ${formatInteger(size)}${smoke ? ' (smoke: one run, figures not meaningful)' : ''}`);
  const notes = [];
  const rows = contenders.map((contender) => {
    const measured = results.get(contender);
    const rates = measured.map((result) => result.rate);
    const capped = measured.find((result) => result.capped);
    const sideEffects = measured.at(-1).sideEffects;
    if (sideEffects) notes.push(describeSideEffects(contender, sideEffects, size));
    if (capped) {
      notes.push(`${contender.name}: stopped after ${formatInteger(capped.processed)} of ${formatInteger(size)} ` +
        `frames at the ${budgetMs / 1000} s budget; its rate is over those frames.`);
    }
    return [
      contender.name,
      measured.length,
      median(measured.map((result) => result.elapsedMs)).toFixed(1),
      formatInteger(medianRate(contender)),
      `${formatInteger(Math.min(...rates))}..${formatInteger(Math.max(...rates))}`,
      ...chatwires.map((chatwire) => (chatwire === contender ? '' : formatRatio(medianRate(chatwire), medianRate(contender)))),
    ];
  });
  printTable(['contender', 'runs', 'median ms', 'median msg/s', 'range msg/s',
    ...chatwires.map((chatwire) => `${chatwire.name} vs it`)], rows);
  for (const note of notes) console.log(`note: ${note}`);
}

/** What a Chatwire run did besides ingesting: listener calls and frames it sent back. */
function describeSideEffects(contender, { notifications, framesSent }, size) {
  const sent = framesSent.length === 0
    ? 'sent nothing'
    : `sent ${framesSent.length} frames (first: ${framesSent.slice(0, 3).map((frame) => JSON.stringify(frame.slice(0, 80))).join(', ')})`;
  return `${contender.name}: ${formatInteger(notifications)} room notifications for ${formatInteger(size)} frames; ${sent}`;
}

main().catch((error) => {
  console.error(`ingest failed: ${error.message}`);
  process.exitCode = 1;
});
