// on-headers has no types of its own (the @types package of that name is another's).
declare module 'on-headers' {
  import type { ServerResponse } from 'node:http';
  /** Calls `listener` (this = the response) just before the response writes its headers. */
  export default function onHeaders<T extends ServerResponse>(res: T, listener: (this: T) => void): void;
}
