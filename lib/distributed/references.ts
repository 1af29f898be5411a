/**
 * Layer references: what a job's payload carries instead of arrays. A
 * reference names a file by URI, the array inside it (for `.npz` and
 * `.safetensors`) and the SHA-256 of the file's bytes, so a worker on another
 * machine reads exactly what the submitter saw or fails naming the file.
 * `file://` is built in; other schemes (object storage, HTTP) come from
 * resolvers the caller passes on both sides.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { RepsimError } from '../base/errors.js';
import { listed } from '../base/listing.js';
import { readInput } from '../io/files.js';
import { parseNpy, type NdArray } from '../io/npy.js';
import { parseNpz } from '../io/npz.js';
import { parseSafetensors } from '../io/safetensors.js';

/** One layer's activations, by reference: a file, the array in it, and the file's checksum. */
export interface LayerRef {
  /** Where the file is, e.g. `file:///data/run1/layer3.npy` or `s3://bucket/x.npz`. */
  readonly uri: string;
  /** The array inside an `.npz` or `.safetensors` file; absent for `.npy`. */
  readonly layer?: string;
  /** SHA-256 of the whole file's bytes, lower-case hex. */
  readonly sha256: string;
}

/**
 * A layer as callers name it: a path (`x.npy`, `model.npz:fc1`,
 * `model.safetensors:fc1`), a URI (`file:///…`, `s3://…`; the array after
 * `#`), or a reference object whose `sha256` may be left out (then it is
 * computed by reading the file).
 */
export type LayerSource =
  string | { readonly uri: string; readonly layer?: string; readonly sha256?: string };

/**
 * Reads the bytes behind a URI of one scheme. Its errors (other than
 * RepsimErrors) count as passing failures: the job is retried.
 */
export type Resolver = (url: URL) => Promise<Uint8Array>;

/** Resolvers by URI scheme, with the colon: `{ 's3:': readFromS3 }`. `file:` is built in. */
export type Resolvers = Readonly<Record<string, Resolver>>;

const SHA256 = /^[0-9a-f]{64}$/;
const ARCHIVE = /^(.*\.(?:npz|safetensors))(?::([^/\\]+))?$/i;

/** A path or URI (with an optional array name) as a URI and layer name. */
function splitSource(source: string): { uri: string; layer?: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    const hash = source.indexOf('#');
    if (hash < 0) return { uri: source };
    return { uri: source.slice(0, hash), layer: decodeURIComponent(source.slice(hash + 1)) };
  }
  const archive = ARCHIVE.exec(source);
  const file = archive ? (archive[1] ?? source) : source;
  const uri = pathToFileURL(path.resolve(file)).href;
  return archive?.[2] === undefined ? { uri } : { uri, layer: archive[2] };
}

function parseUrl(uri: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw new RepsimError(
      'BAD_INPUT',
      `'${uri}' is not a URI; give a path or a URI such as file:///data/x.npy`,
    );
  }
}

/** The bytes behind `uri`, from the built-in `file:` reader or the caller's resolver for its scheme. */
export async function readUri(uri: string, resolvers: Resolvers = {}): Promise<Uint8Array> {
  const url = parseUrl(uri);
  const resolver =
    resolvers[url.protocol] ??
    (url.protocol === 'file:' ? (u: URL) => readInput(fileURLToPath(u)) : undefined);
  if (resolver === undefined) {
    throw new RepsimError(
      'BAD_INPUT',
      `no resolver for '${url.protocol}' URIs (${uri}); file:// is built in, pass others as resolvers: { '${url.protocol}': (url) => bytes }`,
    );
  }
  return resolver(url);
}

const HASH_SLICE = 8 * 1024 * 1024;

/**
 * Lower-case hex SHA-256 of `bytes`, hashed 8 MiB at a time with the event
 * loop let through in between: a worker hashing a GiB file still renews its
 * job lock (a blocked loop makes BullMQ think the job stalled).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let start = 0; start < bytes.byteLength; start += HASH_SLICE) {
    hash.update(bytes.subarray(start, start + HASH_SLICE));
    if (start + HASH_SLICE < bytes.byteLength) await nextTurn();
  }
  return hash.digest('hex');
}

/**
 * Turns a caller's layer into a full reference, reading the file to hash it
 * when no `sha256` is given.
 * @throws RepsimError `BAD_INPUT` for a malformed source or an unreadable file
 */
export async function layerRef(source: LayerSource, resolvers?: Resolvers): Promise<LayerRef> {
  let uri: string;
  let layer: string | undefined;
  let sha256: string | undefined;
  if (typeof source === 'string') {
    ({ uri, layer } = splitSource(source));
  } else if (typeof source === 'object' && source !== null && typeof source.uri === 'string') {
    ({ uri, layer, sha256 } = source);
    if (sha256 !== undefined && (typeof sha256 !== 'string' || !SHA256.test(sha256))) {
      throw new RepsimError('BAD_INPUT', `${uri}: sha256 must be 64 lower-case hex digits`);
    }
    if (layer !== undefined && typeof layer !== 'string') {
      throw new RepsimError('BAD_INPUT', `${uri}: layer must be a string`);
    }
  } else {
    throw new RepsimError('BAD_INPUT', 'a layer must be a path, a URI or {uri, layer?, sha256?}');
  }
  parseUrl(uri);
  sha256 ??= await sha256Hex(await readUri(uri, resolvers));
  return layer === undefined ? { uri, sha256 } : { uri, layer, sha256 };
}

/** A file's arrays by name (a `.npy`'s one array under the name `''`). */
export type FileArrays = ReadonlyMap<string, NdArray>;

/**
 * Reads the file a reference names, checks its SHA-256, and parses every
 * array in it.
 * @throws RepsimError `BAD_INPUT` naming the file when its checksum differs
 *   from the reference (the file changed after submission) or it is malformed
 */
export async function loadFileRef(
  ref: Pick<LayerRef, 'uri' | 'sha256'>,
  resolvers?: Resolvers,
): Promise<FileArrays> {
  const bytes = await readUri(ref.uri, resolvers);
  const actual = await sha256Hex(bytes);
  if (actual !== ref.sha256) {
    throw new RepsimError(
      'BAD_INPUT',
      `checksum mismatch for ${ref.uri}: the job expects sha256 ${ref.sha256}, the file has ${actual} (it changed after the run was submitted, or the reference's sha256 is wrong)`,
    );
  }
  const name = decodeURIComponent(new URL(ref.uri).pathname).toLowerCase();
  if (name.endsWith('.npy')) return new Map([['', parseNpy(bytes, ref.uri)]]);
  if (name.endsWith('.npz')) return parseNpz(bytes, ref.uri);
  if (name.endsWith('.safetensors')) return parseSafetensors(bytes, ref.uri);
  throw new RepsimError('BAD_INPUT', `${ref.uri}: expected a .npy, .npz or .safetensors file`);
}

/**
 * The float array a reference names among its file's arrays.
 * @throws RepsimError `BAD_INPUT` for a missing or ambiguous name, or an array that is not float
 */
export function selectLayer(ref: LayerRef, arrays: FileArrays): NdArray {
  let array: NdArray | undefined;
  if (arrays.has('')) {
    if (ref.layer !== undefined) {
      throw new RepsimError(
        'BAD_INPUT',
        `${ref.uri}: a .npy file holds one array; drop layer '${ref.layer}'`,
      );
    }
    array = arrays.get('');
  } else {
    const names = [...arrays.keys()];
    const chosen = ref.layer ?? (names.length === 1 ? names[0] : undefined);
    array = chosen === undefined ? undefined : arrays.get(chosen);
    if (array === undefined) {
      throw new RepsimError(
        'BAD_INPUT',
        ref.layer === undefined
          ? `${ref.uri} holds ${names.length} arrays; name one as layer (names: ${listed(names)})`
          : `${ref.uri} has no array '${ref.layer}' (names: ${listed(names)})`,
      );
    }
  }
  if (array === undefined || (array.dtype !== 'float32' && array.dtype !== 'float64')) {
    throw new RepsimError(
      'BAD_INPUT',
      `${ref.uri}${ref.layer === undefined ? '' : `#${ref.layer}`}: activations must be float32 or float64, got ${array?.dtype ?? 'nothing'}`,
    );
  }
  return array;
}

/**
 * Reads a referenced layer, checking the file's SHA-256 first.
 * @throws RepsimError as {@link loadFileRef} and {@link selectLayer}
 */
export async function loadLayerRef(ref: LayerRef, resolvers?: Resolvers): Promise<NdArray> {
  return selectLayer(ref, await loadFileRef(ref, resolvers));
}
