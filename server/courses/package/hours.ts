// Honest hours: one academic hour is 45 minutes of expected learner time, and a course may claim
// no more hours than its content supports, with a 10 % margin. Expected time is reading (words at
// 150 a minute, averaged over the course's languages) plus every module quiz's time limit plus
// every activity's declared minutes. docs/course-package.md states the same rule for authors.
import { problem, type PackageProblem } from './problems.ts';

export const WORDS_PER_MINUTE = 150;
export const MINUTES_PER_ACADEMIC_HOUR = 45;
export const HOURS_MARGIN = 1.1;

export interface ExpectedTime {
  readingMinutes: number;
  quizMinutes: number;
  activityMinutes: number;
  totalMinutes: number;
  /** the most academic hours the content supports: floor(total / 45 × 1.1) */
  supportedHours: number;
}

export interface TimedContent {
  languages: readonly string[];
  /** each lesson's Markdown by language */
  lessons: readonly Partial<Record<string, string>>[];
  /** each module quiz's timeLimitMinutes */
  quizMinutes: readonly number[];
  /** each activity's declared minutes */
  activityMinutes: readonly number[];
}

/** Whitespace-separated tokens: Markdown marks and all count, as the authors' own check counts them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function lessonWords(markdown: Partial<Record<string, string>>, languages: readonly string[]): number {
  const counts = languages.map((lang) => markdown[lang]).filter((t): t is string => typeof t === 'string').map(wordCount);
  return counts.length ? counts.reduce((a, b) => a + b, 0) / counts.length : 0;
}

export function expectedTime(content: TimedContent): ExpectedTime {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const readingMinutes = sum(content.lessons.map((l) => lessonWords(l, content.languages))) / WORDS_PER_MINUTE;
  const quizMinutes = sum(content.quizMinutes);
  const activityMinutes = sum(content.activityMinutes);
  const totalMinutes = readingMinutes + quizMinutes + activityMinutes;
  // The epsilon keeps a total that is exactly on a boundary (say 45 / 1.1 × 2) from losing an hour to rounding.
  const supportedHours = Math.floor((totalMinutes * HOURS_MARGIN) / MINUTES_PER_ACADEMIC_HOUR + 1e-9);
  return { readingMinutes, quizMinutes, activityMinutes, totalMinutes, supportedHours };
}

/** Refuses a claim above what the content supports; the message names both figures and the parts. */
export function checkHours(file: string, academicHours: number, time: ExpectedTime, problems: PackageProblem[]): void {
  if (academicHours <= time.supportedHours) return;
  problems.push(
    problem(file, '/academicHours', 'hoursOverclaimed', {
      declared: academicHours,
      supported: time.supportedHours,
      minutes: Math.round(time.totalMinutes),
      reading: Math.round(time.readingMinutes),
      quizzes: time.quizMinutes,
      activities: time.activityMinutes,
    }),
  );
}
