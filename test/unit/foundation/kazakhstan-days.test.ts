// Days a reader sees are days in Kazakhstan (UTC+5): a completion at 20:30 UTC is the next day
// there, a due date ends at midnight there, and a roster's `from` starts at midnight there.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { kzDay, kzMidnight, kzMonth } from '../../../server/clock.ts';
import { completionMatches, type RosterFilter } from '../../../server/reports/roster-filter.ts';
import { readStandard } from '../../../server/standards/standard-file.ts';
import { evaluateStanding } from '../../../server/standards/standing.ts';

describe('days in Kazakhstan', () => {
  it('names the day and month of a moment as Kazakhstan does', () => {
    expect(kzDay(new Date('2026-12-05T18:59:59Z'))).to.equal('2026-12-05');
    expect(kzDay(new Date('2026-12-05T19:00:00Z'))).to.equal('2026-12-06');
    expect(kzMidnight('2026-12-06')).to.equal(Date.parse('2026-12-05T19:00:00Z'));
    expect(kzMonth(Date.parse('2026-12-31T19:30:00Z'))).to.equal(2027 * 12 + 0);
  });

  it('makes a teacher overdue from midnight in Kazakhstan after the due day, not five hours later', () => {
    const shipped = readStandard('national-standard.yaml', readFileSync('courses/national-standard.yaml'));
    const due = shipped.dueDate!;
    const standing = (at: number) => evaluateStanding(shipped, { completions: [], dues: [], enrolled: [] }, new Date(at)).standing;
    expect(standing(kzMidnight(due) + 86_400_000 - 1)).to.equal('not-started');
    expect(standing(kzMidnight(due) + 86_400_000)).to.equal('overdue');
  });

  it('counts a completion at 01:00 in Almaty on the day a roster filter starts', () => {
    const filter: RosterFilter = { region: null, district: null, school: null, position: null, course: null, standing: null, from: new Date(kzMidnight('2026-05-02')), to: new Date(kzMidnight('2026-05-02')), search: null };
    expect(completionMatches(filter, { courseId: 'c', completedAt: new Date('2026-05-01T20:00:00Z') })).to.equal(true);
    expect(completionMatches(filter, { courseId: 'c', completedAt: new Date('2026-05-01T18:00:00Z') })).to.equal(false);
    expect(completionMatches(filter, { courseId: 'c', completedAt: new Date('2026-05-02T18:59:00Z') })).to.equal(true);
  });
});
