// "You can mark this lesson read from 14:06": the clock time in Almaty, rounded up to the minute,
// and in Kazakh with the ablative ending the spoken number takes (14:06-дан, 21:02-ден, 14:05-тен).
import type { Language } from '../i18n/index.ts';

const almaty = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** HH:MM in Almaty, rounded up to the next whole minute (a lesson readable at 14:05:20 says 14:06). */
export function clockTime(at: Date): string {
  const minute = Math.ceil(at.getTime() / 60_000);
  // every lesson page asks, and formatting is costly: the last minute's answer is kept
  if (minute !== last.minute) last = { minute, text: almaty.format(new Date(minute * 60_000)) };
  return last.text;
}
let last = { minute: Number.NaN, text: '' };

// The ablative ending of the last spoken word of the minutes: 0 нөл, 1 бір, 2 екі, 3 үш, 4 төрт,
// 5 бес, 6 алты, 7 жеті, 8 сегіз, 9 тоғыз; tens 10 он, 20 жиырма, 30 отыз, 40 қырық, 50 елу.
const units = ['ден', 'ден', 'ден', 'тен', 'тен', 'тен', 'дан', 'ден', 'ден', 'дан'];
const tens = ['ден', 'нан', 'дан', 'дан', 'тан', 'ден'];

/** The Kazakh ablative ending of an HH:MM time as it is read aloud: "21:02" -> "ден". */
export function kazakhAblative(hhmm: string): string {
  const minutes = Number(hhmm.slice(-2));
  if (minutes === 0) return 'ден'; // read "нөл нөл"
  return minutes % 10 ? units[minutes % 10]! : tens[minutes / 10]!;
}

/** The time as the `from` phrase of a language needs it: "14:06-дан" in Kazakh, "14:06" otherwise. */
export function fromTime(at: Date, lang: Language): string {
  const time = clockTime(at);
  return lang === 'kk' ? `${time}-${kazakhAblative(time)}` : time;
}
