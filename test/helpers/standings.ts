// A standing as the index and the roster hold it, for tests that build the rows themselves.
import type { StandingDoc } from '../../server/standards/standing.service.ts';

export function standingRow(id: string, fields: Partial<StandingDoc> = {}): StandingDoc {
  const name = fields.name ?? `Мұғалім ${id}`;
  return {
    _id: id,
    name,
    sortName: name.toLocaleLowerCase('kk'),
    iin: `0000000000${id}`.slice(-12),
    region: 'almaty',
    district: '',
    school: '',
    position: '',
    standing: 'not-started',
    standardVersion: 1,
    missing: [],
    expiresAt: null,
    reviewAt: null,
    completions: [],
    dues: [],
    enrolled: [],
    lastCompletedAt: null,
    updatedAt: new Date(0),
    ...fields,
  };
}
