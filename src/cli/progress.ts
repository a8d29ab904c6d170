/** The part of a stream the progress line needs. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * "files done / total" on one line of a terminal, redrawn in place and erased at the end.
 * On anything but a terminal (a pipe, a CI log) it writes nothing at all.
 */
export class Progress {
  readonly #stream: ProgressStream;
  readonly #enabled: boolean;
  #shown = false;

  constructor(stream: ProgressStream, enabled: boolean) {
    this.#stream = stream;
    this.#enabled = enabled && stream.isTTY === true;
  }

  /** Whether updates are drawn: worth splitting the work into batches only then. */
  get enabled(): boolean {
    return this.#enabled;
  }

  update(done: number, total: number): void {
    if (!this.#enabled) {
      return;
    }
    this.#stream.write(`\r\u001b[2Kleakguard: ${done}/${total} files`);
    this.#shown = true;
  }

  clear(): void {
    if (this.#shown) {
      this.#stream.write('\r\u001b[2K');
      this.#shown = false;
    }
  }
}
