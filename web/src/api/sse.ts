/**
 * Reads a Server-Sent Events body and calls `onData` with each event's parsed JSON `data`, until the
 * stream ends or `onData` returns true (then the stream is cancelled). Read through fetch rather than
 * EventSource so the request can carry the bearer header.
 */
export async function readSseJson(body: ReadableStream<Uint8Array>, onData: (data: Record<string, unknown>) => boolean | void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let cut: number;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const data = buf.slice(0, cut).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      buf = buf.slice(cut + 2);
      if (data && onData(JSON.parse(data) as Record<string, unknown>)) {
        await reader.cancel();
        return;
      }
    }
  }
}
