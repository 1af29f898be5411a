/**
 * Just enough ZIP to read and write `.npz` archives: stored and deflated
 * entries, ZIP64 sizes and offsets on read (numpy writes ZIP64 headers),
 * CRC-32 checked on read. No encryption, no multi-disk archives.
 * Format: PKWARE APPNOTE.TXT, sections 4.3 and 4.4.
 */
import { constants as bufferConstants } from 'node:buffer';
import zlib from 'node:zlib';

import { RepsimError } from '../base/errors.js';

/** One file inside an archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const MAX32 = 0xffffffff;
const MAX_LENGTH = bufferConstants.MAX_LENGTH;
const DOS_DATE_1980_01_01 = 0x21;

function bad(what: string, message: string): RepsimError {
  return new RepsimError('BAD_INPUT', `${what}: ${message}`);
}

function findEndOfCentralDirectory(buf: Buffer, what: string): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes at the very end.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  throw bad(what, 'not a zip archive (no end-of-central-directory record)');
}

function readBig(buf: Buffer, offset: number, what: string): number {
  const value = buf.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(what, 'zip64 value too large');
  return Number(value);
}

/**
 * Reads every entry of a zip archive.
 * @throws RepsimError `BAD_INPUT` for a malformed, encrypted or unsupported archive
 */
export function readZip(bytes: Uint8Array, what = 'zip archive'): ZipEntry[] {
  try {
    return readEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), what);
  } catch (error) {
    // Buffer reads past the end (a crafted offset or length) throw RangeError.
    if (error instanceof RangeError) {
      throw new RepsimError(
        'BAD_INPUT',
        `${what}: corrupt archive (an offset or size points outside the file)`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** Inflates `raw`, refusing to produce more than the `size` bytes the archive declares. */
function inflateDeclared(raw: Buffer, size: number, name: string, what: string): Buffer {
  if (size > MAX_LENGTH) {
    throw bad(what, `${name} declares ${size} bytes, more than one Node.js buffer holds (${MAX_LENGTH})`);
  }
  try {
    // maxOutputLength stops a decompression bomb at the declared size instead of after it.
    return zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
  } catch (error) {
    throw new RepsimError('BAD_INPUT', `${what}: ${name} does not inflate to its declared ${size} bytes`, {
      cause: error,
    });
  }
}

function readEntries(buf: Buffer, what: string): ZipEntry[] {
  if (buf.length < 22) throw bad(what, 'too short to be a zip archive');
  const eocd = findEndOfCentralDirectory(buf, what);
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (offset === MAX32 || count === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR) throw bad(what, 'missing zip64 locator');
    const end64 = readBig(buf, locator + 8, what);
    if (buf.readUInt32LE(end64) !== ZIP64_END) throw bad(what, 'bad zip64 end record');
    count = readBig(buf, end64 + 32, what);
    offset = readBig(buf, end64 + 48, what);
  }

  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== CENTRAL_HEADER) {
      throw bad(what, `corrupt central directory at entry ${i}`);
    }
    const flags = buf.readUInt16LE(offset + 8);
    const method = buf.readUInt16LE(offset + 10);
    const crc = buf.readUInt32LE(offset + 16);
    let compressedSize = buf.readUInt32LE(offset + 20);
    let size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    let localOffset = buf.readUInt32LE(offset + 42);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);

    // ZIP64 extra field: the 64-bit values of whichever fields are 0xFFFFFFFF, in this order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = buf.readUInt16LE(extra);
      const length = buf.readUInt16LE(extra + 2);
      if (id === ZIP64_EXTRA) {
        let p = extra + 4;
        if (size === MAX32) {
          size = readBig(buf, p, what);
          p += 8;
        }
        if (compressedSize === MAX32) {
          compressedSize = readBig(buf, p, what);
          p += 8;
        }
        if (localOffset === MAX32) localOffset = readBig(buf, p, what);
      }
      extra += 4 + length;
    }
    if (flags & 1) throw bad(what, `${name} is encrypted`);

    if (buf.readUInt32LE(localOffset) !== LOCAL_HEADER) throw bad(what, `corrupt local header of ${name}`);
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    if (raw.length !== compressedSize) throw bad(what, `${name} is truncated`);
    let data: Buffer;
    if (method === STORED) data = raw;
    else if (method === DEFLATED) data = inflateDeclared(raw, size, name, what);
    else throw bad(what, `${name} uses compression method ${method}; only stored and deflate are supported`);
    if (data.length !== size || zlib.crc32(data) !== crc)
      throw bad(what, `${name} fails its size or CRC-32 check`);
    entries.push({ name, data });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Writes entries into a zip archive (deflated when `compress` is true).
 * Timestamps are fixed at 1980-01-01 so that equal inputs give equal bytes.
 * @throws RepsimError `BAD_INPUT` when the archive would exceed 4 GiB
 */
export function writeZip(entries: readonly ZipEntry[], compress: boolean): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = compress ? zlib.deflateRawSync(entry.data) : entry.data;
    const crc = zlib.crc32(entry.data);
    if (offset + body.length + 30 + name.length > MAX32 || entry.data.length > MAX32) {
      throw new RepsimError('BAD_INPUT', 'archive larger than 4 GiB; save the arrays as separate .npy files');
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(compress ? DEFLATED : STORED, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // version made by
    local.copy(header, 6, 4, 30); // the same fields as the local header
    header.writeUInt32LE(offset, 42);
    central.push(header, name);

    parts.push(local, name, body);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
