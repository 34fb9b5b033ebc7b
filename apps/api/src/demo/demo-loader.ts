import { Injectable } from '@nestjs/common';

/** Loads the demo of acta MDT-CDC-2026-001 into an empty store (filled in below). */
@Injectable()
export class DemoLoader {
  async loadIfEmpty(): Promise<{ describe(): string[] } | undefined> {
    return undefined;
  }
}
