import type { Connection } from 'mongoose';

// FerretDB 1.x (the embedded engine) turns only a filter of exactly `{ _id: value }` into SQL; any
// other query decodes every document of the collection. Bulk work that would use an index on
// MongoDB (`$in` over iin) is therefore shaped as one scan there. buildInfo names the engine.
const engines = new WeakMap<Connection, Promise<boolean>>();

export function isFerretdb(conn: Connection): Promise<boolean> {
  let answer = engines.get(conn);
  if (!answer) {
    answer = conn
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((info) => typeof info.ferretdbVersion === 'string')
      .catch(() => false);
    engines.set(conn, answer);
  }
  return answer;
}
