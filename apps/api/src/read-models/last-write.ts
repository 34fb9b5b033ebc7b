/**
 * The `$all` position of the latest command this process recorded. Reads wait (briefly) for
 * the read models to reach it, so that a client sees its own writes through this process
 * without asking; a client that wrote elsewhere passes `waitFor`.
 */
export class LastWrite {
  private latest = -1n;

  note(position: bigint | undefined): void {
    if (position !== undefined && position > this.latest) this.latest = position;
  }

  /** Forgets the position: positions of another store (an app started again) mean nothing. */
  reset(): void {
    this.latest = -1n;
  }

  get position(): bigint | undefined {
    return this.latest >= 0n ? this.latest : undefined;
  }
}

export const processLastWrite = new LastWrite();
