import {
  closeSync,
  constants,
  fdatasyncSync,
  ftruncateSync,
  fstatSync,
  openSync,
  readSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const HEADER = 8; // u32 payload length, u32 crc32 of the payload

/** Bytes before each frame's payload: its length and its checksum. */
export const FRAME_HEADER = HEADER;

/** Zeros written ahead of the log at a time. */
const PREALLOCATE = 4 * 1024 * 1024;

/**
 * The durability point of the store: an append-only file of CRC-framed batches, one
 * `fdatasync` per group commit. A frame that was cut short by a crash (its length runs past
 * the end, or its checksum does not match) was never acknowledged, and is cut off on open.
 *
 * Frames are written over zeros that were written and synced ahead of time: a durable write
 * that grows the file must also commit the file system's journal (the new size, the new
 * blocks), one more round trip through a kernel thread that waits for a core on a busy
 * machine; an overwrite of blocks already on disk needs only the data itself.
 * (`fallocate` does not do this: its blocks are marked unwritten, and the first write to
 * each one is again a journal commit.) The zeros read as a frame of length 0, which is
 * never written, so they end the log just as the end of the file does.
 */
export class WriteAheadLog {
  private zeroedTo: number; // the file holds zeros, on disk, from `end` up to here
  private zeroing: Promise<void> | undefined;
  private preallocate = true;

  private constructor(
    private readonly handle: FileHandle,
    private end: number,
  ) {
    this.zeroedTo = end;
  }

  /** Opens a log that ends at its last intact frame (`truncateSync` cuts it there). */
  static async open(path: string): Promise<WriteAheadLog> {
    // O_DSYNC: a write returns once its data is on disk, so a frame costs one trip to the
    // thread pool instead of a write and then an fdatasync.
    const handle = await open(
      path,
      constants.O_RDWR | constants.O_CREAT | constants.O_DSYNC,
      0o644,
    );
    const { size } = await handle.stat();
    return new WriteAheadLog(handle, size);
  }

  /** Offset where the next frame goes: the end of the last one taken, zeros may follow. */
  get size(): number {
    return this.end;
  }

  /**
   * Writes one frame at the end and returns once it is on disk. Its place is taken at once,
   * so a caller may start the next frame before this one is durable (both are written side
   * by side); a frame is only whole for recovery once every frame before it is, so callers
   * acknowledge in order.
   */
  async append(payload: Buffer): Promise<void> {
    const frame = Buffer.allocUnsafe(HEADER + payload.length);
    frame.writeUInt32LE(payload.length, 0);
    frame.writeUInt32LE(crc32(payload), 4);
    payload.copy(frame, HEADER);
    const at = this.end;
    const frameEnd = at + frame.length;
    this.end = frameEnd;
    // The zeros are written beside the frames, never under one: a frame that would reach
    // into the stretch being zeroed waits for it. The next stretch starts while half of
    // this one is left, so that frames rarely wait.
    while (frameEnd > this.zeroedTo && this.zeroing) await this.zeroing;
    if (frameEnd + PREALLOCATE / 2 > this.zeroedTo && !this.zeroing && this.preallocate) {
      this.zeroing = this.zeroAhead(Math.max(this.zeroedTo, this.end)).finally(() => {
        this.zeroing = undefined;
      });
    }
    await this.writeAt(frame, at);
    if (frameEnd > this.zeroedTo) this.zeroedTo = frameEnd;
  }

  private async writeAt(bytes: Buffer, position: number): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(
        bytes,
        written,
        bytes.length - written,
        position + written,
      );
      written += bytesWritten;
    }
  }

  /** Writes (durably: the file is `O_DSYNC`) the next stretch of zeros from `from`. */
  private async zeroAhead(from: number): Promise<void> {
    try {
      await this.writeAt(Buffer.alloc(PREALLOCATE), from);
      this.zeroedTo = from + PREALLOCATE;
    } catch {
      // Out of space, for instance: frames still grow the file, one journal commit each.
      this.preallocate = false;
    }
  }

  /** Cuts the file back to `offset` (what follows was never acknowledged) and syncs. */
  async truncate(offset: number): Promise<void> {
    await this.zeroing;
    if (offset >= this.zeroedTo) return;
    await this.handle.truncate(offset);
    await this.handle.datasync();
    this.end = Math.min(this.end, offset);
    this.zeroedTo = offset;
  }

  /** Closes the file, without the zeros ahead of the last frame. */
  async close(): Promise<void> {
    await this.truncate(this.end);
    await this.handle.close();
  }

  /**
   * Every intact frame from `from`, in order: its payload, the payload's offset in the file, and
   * the offset after the frame. Stops at the first frame that is cut short or fails its
   * checksum, and at the zeros ahead of the log.
   */
  static *frames(
    path: string,
    from = 0,
  ): Generator<{ payload: Buffer; payloadAt: number; end: number }> {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const header = Buffer.alloc(HEADER);
      let offset = from;
      while (offset + HEADER <= size) {
        readSync(fd, header, 0, HEADER, offset);
        const length = header.readUInt32LE(0);
        if (length === 0 || offset + HEADER + length > size) return;
        const payload = Buffer.allocUnsafe(length);
        readSync(fd, payload, 0, length, offset + HEADER);
        if (crc32(payload) !== header.readUInt32LE(4)) return;
        const payloadAt = offset + HEADER;
        offset = payloadAt + length;
        yield { payload, payloadAt, end: offset };
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Cuts a file to `offset` before it is opened for writing. */
  static truncateSync(path: string, offset: number): void {
    const fd = openSync(path, 'r+');
    try {
      if (fstatSync(fd).size > offset) {
        ftruncateSync(fd, offset);
        fdatasyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Bytes read at most at once when reads go through the log in order (LogReader). */
const READ_AHEAD_MAX = 256 * 1024;

/** A read this close after (or before) the last one continues a scan in that direction. */
const SCAN_GAP = 64;

/**
 * Reads bytes back from the log, for the records it holds (the store's readers). One
 * synchronous `pread` each, like LMDB's reads from its memory map; reads that follow one
 * another through the log, forwards or backwards, are served from a window read ahead in
 * that direction, doubled with each read that continues the scan. Only bytes below the end
 * given by the caller are read — those are written for good, so a window never goes stale —
 * and each window is a new buffer, so what was decoded from an earlier one stays intact.
 */
export class LogReader {
  private readonly fd: number;
  private window = Buffer.alloc(0);
  private windowAt = 0;
  private ahead = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** `length` bytes at `at`; `end` is where the caller's durable bytes end (at + length ≤ end). */
  read(at: number, length: number, end: number): Buffer {
    const windowEnd = this.windowAt + this.window.length;
    if (at >= this.windowAt && at + length <= windowEnd) {
      return this.window.subarray(at - this.windowAt, at - this.windowAt + length);
    }
    let start = at;
    let stop = at + length;
    // Past the window's end, starting in it or just after: a scan forwards; ending in it or just
    // before it: a scan backwards. Anything else reads only what was asked.
    const forwards = stop > windowEnd && at >= this.windowAt && at <= windowEnd + SCAN_GAP;
    const backwards = at < this.windowAt && stop <= windowEnd && stop + SCAN_GAP >= this.windowAt;
    if (this.window.length > 0 && (forwards || backwards)) {
      this.ahead = Math.min(READ_AHEAD_MAX, Math.max(4096, this.ahead * 2));
      if (forwards) stop = Math.max(stop, Math.min(end, at + this.ahead));
      else start = Math.max(0, Math.min(at, stop - this.ahead));
    } else {
      this.ahead = 0;
    }
    const bytes = Buffer.allocUnsafe(stop - start);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(this.fd, bytes, read, bytes.length - read, start + read);
      if (n === 0) throw new Error(`wal.log ends before ${start + bytes.length} (read at ${at})`);
      read += n;
    }
    this.window = bytes;
    this.windowAt = start;
    return bytes.subarray(at - start, at - start + length);
  }

  close(): void {
    closeSync(this.fd);
  }
}
