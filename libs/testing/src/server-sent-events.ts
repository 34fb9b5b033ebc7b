/**
 * Reads a Server-Sent Events body in the background and hands over each block (the text
 * between two blank lines) as it arrives; ends quietly when the stream closes or is aborted.
 * Shared by the live-update tests and the dashboard benchmark, which read the same feed.
 */
export function readEventBlocks(
  body: ReadableStream<Uint8Array>,
  onBlock: (block: string) => void,
): void {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          onBlock(block);
        }
      }
    } catch {
      // closed or aborted
    }
  })();
}
