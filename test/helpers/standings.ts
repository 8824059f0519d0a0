// Standings as the index and the roster hold them, and a standard's definition as an admin uploads it, for tests that build them themselves.
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

/** A national standard's definition with one requirement (QS-1, one course), as an admin uploads it. */
export function standardYaml(version: number, options: { effectiveFrom?: string; cycleMonths?: number } = {}): string {
  return `example: false
version: ${version}
title: { kk: "Тест стандарты", ru: "Тестовый стандарт", en: "Test standard" }
effectiveFrom: ${options.effectiveFrom ?? '2026-01-01'}
cycleMonths: ${options.cycleMonths ?? 24}
requirements:
  - code: QS-1
    title: { kk: "Ерте анықтау", ru: "Раннее выявление", en: "Early detection" }
    kind: courses
    standards: [QS-1]
    count: 1
`;
}
