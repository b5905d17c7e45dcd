// Text rules of docs/protocol.md: lengths are Unicode code points (not UTF-16
// units, not bytes), "whitespace only" means Unicode White_Space, and an
// emoji is one extended grapheme cluster.

/**
 * The number of code points in `text`, counting no further than `cap + 1`:
 * enough to tell "over the cap" without walking a megabyte of text. A lone
 * surrogate counts as one code point, as `[...text].length` counts it.
 *
 * @param {string} text
 * @param {number} cap
 * @returns {number} the count, or `cap + 1` if there are more than `cap`
 */
export function codePointCountUpTo(text, cap) {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count > cap) return cap + 1;
  }
  return count;
}

/**
 * The first `count` code points of `text` (all of it when shorter); a lone
 * surrogate counts as one, as in codePointCountUpTo.
 *
 * @param {string} text
 * @param {number} count
 */
export function codePointPrefix(text, count) {
  let prefix = '';
  let taken = 0;
  for (const codePoint of text) {
    if (taken++ === count) break;
    prefix += codePoint;
  }
  return prefix;
}

const ONLY_WHITE_SPACE = /^\p{White_Space}*$/u;

/**
 * Whether `text` is empty or made of Unicode White_Space only.
 * @param {string} text
 */
export function isBlank(text) {
  return ONLY_WHITE_SPACE.test(text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether `text` is exactly one extended grapheme cluster (what a user sees
 * as one character: an emoji with its modifiers and joiners, a flag, a letter
 * with its accents). A lone surrogate is no character at all, and would not
 * survive a trip through UTF-8. The caller bounds the length first:
 * segmenting is linear.
 * @param {string} text
 */
export function isOneGrapheme(text) {
  if (LONE_SURROGATE.test(text)) return false;
  const segments = graphemes.segment(text)[Symbol.iterator]();
  const first = segments.next();
  return !first.done && first.value.segment.length === text.length;
}
