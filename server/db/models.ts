import type { Connection } from 'mongoose';

// Every feature's models are registered here so that their indexes are built at start.
type ModelRegistration = (conn: Connection) => void;
const registrations: ModelRegistration[] = [];

export function registerModels(conn: Connection): void {
  for (const register of registrations) register(conn);
}
