// Small helpers for printing measurements: medians, the machine they were
// taken on, and aligned plain-text tables.
import { cpus, loadavg, totalmem } from 'node:os';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One line naming what the numbers depend on. */
export function machineLine() {
  const cpuList = cpus();
  const model = cpuList[0]?.model?.trim() || 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  return `Node ${process.version} (V8 ${process.versions.v8}), ${process.platform}/${process.arch}, ` +
    `${model} x${cpuList.length}, ${gib} GiB RAM`;
}

/** A warning when other work competes for the CPU (figures then vary more), else null. */
export function loadWarning() {
  const [oneMinute] = loadavg();
  const cores = cpus().length;
  if (oneMinute < cores * 0.5) return null;
  return `load average ${oneMinute.toFixed(2)} on ${cores} cores: other work is running, expect noisy figures`;
}

export function formatInteger(value) {
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio like "0.42x", or "-" when either side is missing. */
export function formatRatio(numerator, denominator) {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return '-';
  const ratio = numerator / denominator;
  const text = ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
  return `${text}x`;
}

/**
 * Prints rows (arrays of cells) under a header, the first column left-aligned
 * and the others right-aligned, as numbers read best.
 */
export function printTable(header, rows, print = console.log) {
  const widths = header.map((cell, column) =>
    Math.max(String(cell).length, ...rows.map((row) => String(row[column] ?? '').length)));
  const line = (row) => row.map((cell, column) => {
    const text = String(cell ?? '');
    return column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]);
  }).join('  ');
  print(line(header));
  print(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) print(line(row));
}
