// What changed between two versions of a course, for the coordinator: the course's own fields
// (title, description, hours, standards, languages), modules, their quiz settings (pass mark,
// questions drawn, attempts, time, review), lessons, quiz questions and their answer keys added,
// removed or changed (compared by package id, content as stored), each change with what it was and is.
import { NotFoundError } from '../errors.ts';
import type { CourseVersionDoc } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';
import { pick } from '../localised.ts';
import { contentLanguage } from './course-preview.service.ts';
import type { Question } from './package/quiz.schema.ts';

export type Change = 'added' | 'removed' | 'changed';

export interface DiffLine {
  change: Change;
  kind: 'course' | 'module' | 'settings' | 'lesson' | 'question' | 'key';
  module: string;
  id: string;
  title: string;
  /** what it was and is, for a value a reader can read in one line (`60 → 70`) */
  detail?: string;
}

/** A field's value in one line, in the reader's language where it has languages. */
function shown(value: unknown, lang: string): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map((v) => shown(v, lang)).join(', ') || '—';
  if (typeof value === 'object') return pick(value as never, lang as never);
  return String(value);
}
const COURSE_FIELDS = ['title', 'description', 'academicHours', 'standards', 'languages'] as const;
const MODULE_FIELDS = ['title', 'required'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const keyOf = (q: Question) => ('correct' in q ? q.correct : q.type === 'ordering' ? q.items.map((i) => i.id) : q.pairs.map((p) => p.id));
const withoutKey = (q: Question) => ({ ...q, correct: undefined, explanation: undefined });

export function courseDiffService(deps: { courses: CourseRepository }) {
  const { courses } = deps;

  async function load(courseId: string, id: string): Promise<CourseVersionDoc> {
    const version = await courses.findVersion(id);
    if (!version || version.courseId !== courseId) throw new NotFoundError('courses.notFound');
    return version;
  }

  return {
    async diff(courseId: string, fromId: string, toId: string, readerLang: string) {
      const [from, to] = await Promise.all([load(courseId, fromId), load(courseId, toId)]);
      const lang = contentLanguage(to, readerLang);
      const lines: DiffLine[] = [];
      const changed = (kind: DiffLine['kind'], module: string, id: string, title: string, a: unknown, b: unknown) => {
        if (!same(a, b)) lines.push({ change: 'changed', kind, module, id, title, detail: `${shown(a, lang)} → ${shown(b, lang)}` });
      };
      for (const field of COURSE_FIELDS) changed('course', '', field, '', from[field], to[field]);
      const moduleIds = [...new Set([...from.modules.map((m) => m.id), ...to.modules.map((m) => m.id)])];
      for (const moduleId of moduleIds) {
        const a = from.modules.find((m) => m.id === moduleId);
        const b = to.modules.find((m) => m.id === moduleId);
        const moduleTitle = pick((b ?? a)!.title as never, lang as never);
        if (!a || !b) lines.push({ change: a ? 'removed' : 'added', kind: 'module', module: moduleId, id: '', title: moduleTitle });
        else {
          for (const field of MODULE_FIELDS) changed('module', moduleId, field, moduleTitle, a[field], b[field]);
          changed('module', moduleId, 'activities', moduleTitle, a.activities.map((x) => x.id), b.activities.map((x) => x.id));
        }
        const lessonIds = [...new Set([...(a?.lessons ?? []).map((l) => String(l.id)), ...(b?.lessons ?? []).map((l) => String(l.id))])];
        for (const lessonId of lessonIds) {
          const la = a?.lessons.find((l) => l.id === lessonId);
          const lb = b?.lessons.find((l) => l.id === lessonId);
          const title = pick((lb ?? la)!.title as never, lang as never);
          if (!la || !lb) {
            lines.push({ change: la ? 'removed' : 'added', kind: 'lesson', module: moduleId, id: lessonId, title });
            continue;
          }
          const [ca, cb] = await Promise.all([courses.findLesson(from._id, moduleId, lessonId), courses.findLesson(to._id, moduleId, lessonId)]);
          if (!same(la, lb) || !same(ca?.markdown, cb?.markdown)) lines.push({ change: 'changed', kind: 'lesson', module: moduleId, id: lessonId, title });
        }
        const [qa, qb] = await Promise.all([courses.findQuiz(from._id, moduleId), courses.findQuiz(to._id, moduleId)]);
        if (qa && qb) {
          const settingsA = (qa.settings ?? {}) as Record<string, unknown>;
          const settingsB = (qb.settings ?? {}) as Record<string, unknown>;
          for (const key of [...new Set([...Object.keys(settingsA), ...Object.keys(settingsB)])]) changed('settings', moduleId, key, moduleTitle, settingsA[key], settingsB[key]);
        }
        const questionsA = (qa?.questions ?? []) as Question[];
        const questionsB = (qb?.questions ?? []) as Question[];
        const questionIds = [...new Set([...questionsA.map((q) => q.id), ...questionsB.map((q) => q.id)])];
        for (const qid of questionIds) {
          const x = questionsA.find((q) => q.id === qid);
          const y = questionsB.find((q) => q.id === qid);
          const title = pick((y ?? x)!.text as never, lang as never);
          if (!x || !y) lines.push({ change: x ? 'removed' : 'added', kind: 'question', module: moduleId, id: qid, title });
          else {
            if (!same(withoutKey(x), withoutKey(y)) || !same(x.explanation, y.explanation)) lines.push({ change: 'changed', kind: 'question', module: moduleId, id: qid, title });
            if (!same(keyOf(x), keyOf(y))) lines.push({ change: 'changed', kind: 'key', module: moduleId, id: qid, title });
          }
        }
      }
      return { courseId, from: { id: String(from._id), version: from.version }, to: { id: String(to._id), version: to.version }, lines };
    },
  };
}

export type CourseDiffService = ReturnType<typeof courseDiffService>;
