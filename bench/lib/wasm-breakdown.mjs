// Where the bytes of a .wasm file go: its sections, and its largest
// function bodies, named when the file still has a "name" section (an
// unstripped or --profiling-funcs build) or when the function is exported.
// A tiny reader of the binary format instead of a tool (wasm-objdump is not
// on these machines, and binaryen's --func-metrics counts instructions,
// not bytes).
import { gzipSize } from './gzip-size.mjs';

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global',
  'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

/** A cursor over the bytes that decodes LEB128 integers and names. */
class Reader {
  constructor(bytes, offset = 0, end = bytes.length) {
    this.bytes = bytes;
    this.offset = offset;
    this.end = end;
  }

  byte() {
    if (this.offset >= this.end) throw new Error('truncated wasm');
    return this.bytes[this.offset++];
  }

  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('bad LEB128 in wasm');
    }
  }

  name() {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}

/**
 * Returns { sections: [{name, bytes, gzipBytes}], functions: [{index, name, bytes}] (largest first),
 * hasNames, importedFunctions }.
 */
export function analyzeWasm(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a WebAssembly binary (no \\0asm magic)');
  }
  const reader = new Reader(bytes, 8);
  const sections = [];
  const bodySizes = [];
  const names = new Map();
  let importedFunctions = 0;
  let hasNames = false;

  while (reader.offset < bytes.length) {
    const id = reader.byte();
    const size = reader.u32();
    const start = reader.offset;
    const end = start + size;
    const section = new Reader(bytes, start, end);
    let name = SECTION_NAMES[id] ?? `unknown(${id})`;
    if (id === 0) {
      const customName = section.name();
      name = `custom "${customName}"`;
      if (customName === 'name') hasNames = readFunctionNames(section, names) || hasNames;
    } else if (id === 2) {
      importedFunctions = countImportedFunctions(section);
    } else if (id === 7) {
      readExportedFunctionNames(section, names);
    } else if (id === 10) {
      for (let count = section.u32(); count > 0; count--) {
        const bodySize = section.u32();
        bodySizes.push(bodySize);
        section.offset += bodySize;
      }
    }
    sections.push({ name, bytes: size, gzipBytes: gzipSize(bytes.subarray(start, end)) });
    reader.offset = end;
  }

  const functions = bodySizes
    .map((size, i) => {
      const index = importedFunctions + i;
      return { index, name: names.get(index) ?? null, bytes: size };
    })
    .sort((a, b) => b.bytes - a.bytes);
  return { sections, functions, hasNames, importedFunctions };
}

function countImportedFunctions(section) {
  let functions = 0;
  for (let count = section.u32(); count > 0; count--) {
    section.name();
    section.name();
    const kind = section.byte();
    if (kind === 0) {
      functions++;
      section.u32();
    } else if (kind === 1) {            // table: reftype, limits
      section.byte();
      skipLimits(section);
    } else if (kind === 2) {            // memory: limits
      skipLimits(section);
    } else if (kind === 3) {            // global: valtype, mutability
      section.byte();
      section.byte();
    } else if (kind === 4) {            // tag: attribute, type index
      section.byte();
      section.u32();
    } else {
      throw new Error(`unknown import kind ${kind}`);
    }
  }
  return functions;
}

function skipLimits(section) {
  const flags = section.byte();
  section.u32();
  if (flags & 1) section.u32();
}

function readExportedFunctionNames(section, names) {
  for (let count = section.u32(); count > 0; count--) {
    const name = section.name();
    const kind = section.byte();
    const index = section.u32();
    if (kind === 0 && !names.has(index)) names.set(index, `(export) ${name}`);
  }
}

/** Reads subsection 1 (function names) of a "name" section; true if it had any. */
function readFunctionNames(section, names) {
  let found = false;
  while (section.offset < section.end) {
    const subsection = section.byte();
    const size = section.u32();
    const end = section.offset + size;
    if (subsection === 1) {
      for (let count = section.u32(); count > 0; count--) {
        const index = section.u32();
        names.set(index, section.name());
        found = true;
      }
    }
    section.offset = end;
  }
  return found;
}

/**
 * A C++ symbol without template arguments and parameters, short enough for
 * a table: "chatwire::dialect::{anon}::Loader::run".
 */
export function shortFunctionName(name) {
  let text = name.replaceAll('(anonymous namespace)', '{anon}');
  let previous;
  do {
    previous = text;
    text = text.replace(/<[^<>]*>/g, '').replace(/\([^()]*\)/g, '');
  } while (text !== previous);
  text = text.replace(/\s+const$/, '').trim();
  // Drop a leading return type ("void std::__2::foo", "Foo* ns::make"), but
  // not the space of an operator's name ("operator delete").
  const operator = text.lastIndexOf('operator');
  const head = operator >= 0 ? text.slice(0, operator) : text;
  const cut = Math.max(head.lastIndexOf(' '), head.lastIndexOf('*'), head.lastIndexOf('&'));
  return cut >= 0 ? text.slice(cut + 1) : text;
}

/**
 * Code bytes per namespace (the first `depth` components of each named
 * function), largest first. Unnamed functions count as "(unnamed)".
 */
export function codeBytesByNamespace(functions, depth = 2) {
  const totals = new Map();
  for (const { name, bytes } of functions) {
    let group = '(unnamed)';
    if (name && !name.startsWith('(export)')) {
      const parts = shortFunctionName(name).split('::');
      group = parts.length > 1 ? parts.slice(0, Math.min(depth, parts.length - 1)).join('::') : '(global)';
    }
    totals.set(group, (totals.get(group) ?? 0) + bytes);
  }
  return [...totals].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}

// What a function belongs to, read from its full name: the first pattern
// that matches wins, so the order matters (nlohmann's templates are
// instantiated inside std::, the core's layers call into libc).
const COMPONENTS = [
  ['nlohmann::json (values, their maps and vectors)', /nlohmann|basic_json/],
  ['util/: JSON reader and writer, numbers', /chatwire::json_util|JsonWriter/],
  ['api/ and the C ABI (bindings/)', /chatwire::api|^cw_|^\(export\)/],
  ['chat model (chatwire::chat)', /chatwire::chat/],
  ['dialect (chatwire::dialect)', /chatwire::dialect/],
  ['session (chatwire::session)', /chatwire::session/],
  ['protocol (Engine.IO, Socket.IO)', /chatwire::protocol/],
  ['Client and the rest of chatwire', /chatwire/],
  ['libc strtod (long double in software)', /strtod|floatscan|tf3$|tf2$|fmodl|scalbnl|copysignl|__shgetc|scanexp|decfloat/],
  ['libc printf family', /printf|fmt_fp|pop_arg/],
  ['libc: malloc, mem*, str*', /malloc|free$|emmalloc|allocate|claim_more_memory|^mem|^str|sbrk/],
  ['libc++ and libc++abi', /std::|__cxa|abi::|operator new|operator delete/],
];

/**
 * Code bytes per component of the module (the core's layers, nlohmann, libc,
 * libc++), largest first, from a build with function names.
 */
export function codeBytesByComponent(functions) {
  const totals = new Map(COMPONENTS.map(([label]) => [label, 0]));
  totals.set('other (unnamed, compiler helpers, merged bodies)', 0);
  for (const { name, bytes } of functions) {
    const component = COMPONENTS.find(([, pattern]) => name && pattern.test(name));
    const label = component ? component[0] : 'other (unnamed, compiler helpers, merged bodies)';
    totals.set(label, totals.get(label) + bytes);
  }
  return [...totals].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}
