/** An answer's body, read up to a limit. */
export interface BodyText {
  readonly text: string;
  /** Whether the body was longer than the limit (only the first `limit` bytes are in `text`). */
  readonly truncated: boolean;
}

/**
 * Reads a body as UTF-8, stopping at `limit` bytes so that a hostile or broken server cannot
 * make the client buffer an unbounded answer. A declared `Content-Length` above the limit stops
 * it before reading.
 */
export async function readBody(response: Response, limit: number): Promise<BodyText> {
  const body = response.body;
  if (!body) return { text: "", truncated: false };
  const reader = body.getReader();
  if (Number(response.headers.get("content-length")) > limit) {
    await reader.cancel().catch(() => undefined);
    return { text: "", truncated: true };
  }
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    if (size + value.byteLength > limit) {
      text += decoder.decode(value.subarray(0, limit - size));
      await reader.cancel().catch(() => undefined);
      return { text, truncated: true };
    }
    size += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
}
