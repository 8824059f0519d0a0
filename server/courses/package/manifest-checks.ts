// Cross-checks between course.yaml and the files next to it: translations, unique ids, one quiz
// and one lesson file per language for every module and lesson, one template file per language for
// every activity, and nothing left over.
import type { CourseManifest } from './course.schema.ts';
import { fileKind } from './entry-names.ts';
import { checkUnique, LanguageCheck } from './language-checks.ts';
import type { PackageFiles } from './package-files.ts';
import { pointer, problem, type PackageProblem } from './problems.ts';

// Course pages live at /coordinator/courses/<id>; these ids would collide with fixed paths.
const reservedIds = new Set(['upload']);

export function lessonFile(moduleId: string, lessonId: string, lang: string): string {
  return `modules/${moduleId}/${lessonId}.${lang}.md`;
}

export function activityFile(moduleId: string, activityId: string, lang: string): string {
  return `modules/${moduleId}/activities/${activityId}.${lang}.md`;
}

export function quizFileOf(files: PackageFiles, moduleId: string): string[] {
  return ['yaml', 'json'].map((ext) => `modules/${moduleId}/quiz.${ext}`).filter((name) => files.has(name));
}

export function checkManifest(file: string, manifest: CourseManifest, files: PackageFiles, problems: PackageProblem[]): void {
  const languages = new LanguageCheck(manifest.languages, problems);
  if (reservedIds.has(manifest.id)) problems.push(problem(file, '/id', 'reservedId', { id: manifest.id }));
  languages.text(file, '/title', manifest.title);
  languages.text(file, '/description', manifest.description);
  checkUnique(file, manifest.modules.map((m, i) => ({ id: m.id, at: `${pointer('modules', i)}/id` })), problems);

  // Activity ids are unique in the whole course: a template's download address names only the course and the activity.
  checkUnique(file, manifest.modules.flatMap((m, i) => (m.activities ?? []).map((a, k) => ({ id: a.id, at: `${pointer('modules', i)}${pointer('activities', k)}/id` }))), problems);

  const expected = new Set<string>();
  manifest.modules.forEach((module, i) => {
    const at = pointer('modules', i);
    languages.text(file, `${at}/title`, module.title);
    checkUnique(file, module.lessons.map((l, j) => ({ id: l.id, at: `${at}${pointer('lessons', j)}/id` })), problems);
    const quizzes = quizFileOf(files, module.id);
    if (quizzes.length === 0) problems.push(problem(file, at, 'missingQuiz', { file: `modules/${module.id}/quiz.yaml` }));
    if (quizzes.length > 1) problems.push(problem(quizzes[1]!, '', 'twoFiles', { other: quizzes[0] }));
    module.lessons.forEach((lesson, j) => {
      const lessonAt = `${at}${pointer('lessons', j)}`;
      languages.text(file, `${lessonAt}/title`, lesson.title);
      for (const lang of manifest.languages) {
        const name = lessonFile(module.id, lesson.id, lang);
        expected.add(name);
        if (!files.has(name)) problems.push(problem(file, lessonAt, 'missingLesson', { file: name, lang }));
      }
    });
    (module.activities ?? []).forEach((activity, k) => {
      const activityAt = `${at}${pointer('activities', k)}`;
      languages.text(file, `${activityAt}/title`, activity.title);
      for (const lang of manifest.languages) {
        const name = activityFile(module.id, activity.id, lang);
        expected.add(name);
        if (!files.has(name)) problems.push(problem(file, activityAt, 'missingActivity', { file: name, lang }));
      }
    });
  });

  const moduleIds = new Set(manifest.modules.map((m) => m.id));
  for (const name of files.keys()) {
    const kind = fileKind(name);
    if (kind === 'manifest') continue;
    const moduleId = name.split('/')[1]!;
    if (!moduleIds.has(moduleId)) problems.push(problem(name, '', 'strayModule', { module: moduleId }));
    else if (kind === 'lesson' && !expected.has(name)) problems.push(problem(name, '', 'strayLesson'));
    else if (kind === 'activity' && !expected.has(name)) problems.push(problem(name, '', 'strayActivity'));
  }
}
