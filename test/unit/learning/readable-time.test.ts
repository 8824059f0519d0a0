import { expect } from 'chai';
import { clockTime, fromTime, kazakhAblative } from '../../../server/learning/readable-time.ts';

describe('the time a lesson becomes readable', () => {
  it('reads the Kazakh ablative ending off the spoken minutes', () => {
    const cases: Record<string, string> = {
      '21:02': 'ден', '14:05': 'тен', '14:06': 'дан', '14:03': 'тен', '14:04': 'тен', '14:01': 'ден', '14:07': 'ден',
      '14:08': 'ден', '14:09': 'дан', '14:10': 'нан', '14:20': 'дан', '14:30': 'дан', '14:40': 'тан', '14:50': 'ден', '14:00': 'ден', '09:46': 'дан',
    };
    for (const [time, ending] of Object.entries(cases)) expect(kazakhAblative(time), time).to.equal(ending);
  });

  it('says the Almaty time rounded up to the minute', () => {
    expect(clockTime(new Date('2026-12-02T16:05:00Z'))).to.equal('21:05');
    expect(clockTime(new Date('2026-12-02T16:05:20Z'))).to.equal('21:06');
    expect(fromTime(new Date('2026-12-02T16:01:10Z'), 'kk')).to.equal('21:02-ден');
    expect(fromTime(new Date('2026-12-02T16:01:10Z'), 'ru')).to.equal('21:02');
  });
});
