/**
 * A worker that acts on what the projections applied (the workflow engine, the notices'
 * dispatcher): a pass after every batch the runner applies and every `tickMs` (time passes
 * without events); passes never overlap, and a poke during one makes one more after it.
 */
export class PassLoop {
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;
  private active = false;
  private pending = false;
  private current: Promise<void> | undefined;

  constructor(
    private readonly options: {
      runner: { onApplied(listener: () => void): () => void };
      tickMs: number;
      pass(): Promise<unknown>;
      onError?(error: Error): void;
    },
  ) {}

  /** Started and not stopped: a pass under way checks it to stop early. */
  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.stopListening = this.options.runner.onApplied(() => this.poke());
    this.timer = setInterval(() => this.poke(), this.options.tickMs);
    this.timer.unref();
    this.poke();
  }

  /** Stops taking work and waits for the pass under way. */
  async stop(): Promise<void> {
    this.active = false;
    clearInterval(this.timer);
    this.stopListening?.();
    await this.current;
  }

  /** Resolves when no pass is running or asked for. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Asks for a pass. */
  poke(): void {
    if (!this.active) return;
    this.pending = true;
    if (this.current) return;
    this.current = (async () => {
      try {
        while (this.pending && this.active) {
          this.pending = false;
          await this.options
            .pass()
            .catch((error) =>
              this.options.onError?.(error instanceof Error ? error : new Error(String(error))),
            );
        }
      } finally {
        this.current = undefined;
      }
    })();
  }
}
