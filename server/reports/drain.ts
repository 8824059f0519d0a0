// Waiting for a response (or file) to take more, without waiting forever for a client that left.
export class OutputClosedError extends Error {
  constructor() {
    super('the output closed before the export ended');
  }
}

/** Resolves when `out` drains; rejects when it closes or fails first (a download cancelled mid-way). */
export function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      out.removeListener('drain', onDrain);
      out.removeListener('close', onClose);
      out.removeListener('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new OutputClosedError());
    const onError = (err: Error) => settle(err);
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onError);
  });
}
