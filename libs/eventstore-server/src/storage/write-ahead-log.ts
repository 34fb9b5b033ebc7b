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

/**
 * The durability point of the store: an append-only file of CRC-framed batches, one
 * `fdatasync` per group commit. A frame that was cut short by a crash (its length runs past
 * the end, or its checksum does not match) was never acknowledged, and is cut off on open.
 */
export class WriteAheadLog {
  private constructor(
    private readonly handle: FileHandle,
    private end: number,
  ) {}

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

  /** Offset where the next frame goes (the size of the file). */
  get size(): number {
    return this.end;
  }

  /** Writes one frame at the end and returns once it is on disk. */
  async append(payload: Buffer): Promise<void> {
    const frame = Buffer.allocUnsafe(HEADER + payload.length);
    frame.writeUInt32LE(payload.length, 0);
    frame.writeUInt32LE(crc32(payload), 4);
    payload.copy(frame, HEADER);
    let written = 0;
    while (written < frame.length) {
      const { bytesWritten } = await this.handle.write(
        frame,
        written,
        frame.length - written,
        this.end + written,
      );
      written += bytesWritten;
    }
    this.end += frame.length;
  }

  /** Cuts the file back to `offset` (what follows was never acknowledged) and syncs. */
  async truncate(offset: number): Promise<void> {
    if (offset >= this.end) return;
    await this.handle.truncate(offset);
    await this.handle.datasync();
    this.end = offset;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /**
   * Every intact frame from `from`, in order, with the offset after it. Stops at the first
   * frame that is cut short or fails its checksum.
   */
  static *frames(path: string, from = 0): Generator<{ payload: Buffer; end: number }> {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const header = Buffer.alloc(HEADER);
      let offset = from;
      while (offset + HEADER <= size) {
        readSync(fd, header, 0, HEADER, offset);
        const length = header.readUInt32LE(0);
        if (offset + HEADER + length > size) return;
        const payload = Buffer.allocUnsafe(length);
        readSync(fd, payload, 0, length, offset + HEADER);
        if (crc32(payload) !== header.readUInt32LE(4)) return;
        offset += HEADER + length;
        yield { payload, end: offset };
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
