// Package → validated course content, or a PackageError with every problem found. Nothing here
// touches the database: the upload page, the CLI and the start-up import all call this first,
// and store only what it returns.
import { courseLanguages, validateCourse, type ContentNote, type CourseLanguage, type CourseManifest, type LocalisedText, type ManifestModule } from './course.schema.ts';
import { contentHash, sha256 } from './content-hash.ts';
import { fileKind } from './entry-names.ts';
import { imageExtensions, imageType, type ImageType } from './file-types.ts';
import { checkLesson } from './lesson-checks.ts';
import { checkHours, expectedTime, type ExpectedTime } from './hours.ts';
import { itemStatistics, itemWarnings, type ItemStatistics, type QuizFile } from './item-stats.ts';
import { activityFile, checkManifest, lessonFile, quizFileOf } from './manifest-checks.ts';
import { schemaProblems } from './package-ajv.ts';
import { readingProblems, refuseIfAny, type PackageFiles } from './package-files.ts';
import { parseDataFile } from './parse-data.ts';
import { located, packageNumbers } from './problem-place.ts';
import { PackageError, problem, WHOLE_PACKAGE, type PackageProblem } from './problems.ts';
import { checkQuiz } from './quiz-checks.ts';
import { validateQuiz, type Quiz } from './quiz.schema.ts';

export type LanguageMarkdown = Partial<Record<CourseLanguage, string>>;

export interface PackageLesson {
  id: string;
  title: LocalisedText;
  minSeconds: number | undefined;
  contentNote: ContentNote | undefined;
  markdown: LanguageMarkdown;
}

export interface PackageActivity {
  id: string;
  title: LocalisedText;
  minutes: number;
  /** the printable template, by language */
  markdown: LanguageMarkdown;
}

export interface PackageModule {
  id: string;
  title: LocalisedText;
  required: boolean;
  lessons: PackageLesson[];
  activities: PackageActivity[];
  quiz: Quiz;
}

export interface PackageImage {
  path: string;
  data: Buffer;
  contentType: ImageType;
  sha256: string;
}

export interface ValidPackage {
  manifest: CourseManifest;
  modules: PackageModule[];
  images: PackageImage[];
  contentHash: string;
  fileCount: number;
  byteCount: number;
  /** what the package falls short of without being refused (quiz item statistics) */
  warnings: PackageProblem[];
  expectedTime: ExpectedTime;
  itemStatistics: ItemStatistics;
}

/** A data file, parsed and checked by its schema; `refused` looks further into one the schema refused. */
function readData<T>(file: string, data: Buffer, validate: ((v: unknown) => v is T) & { errors?: unknown }, problems: PackageProblem[], refused?: (value: unknown) => void): T | undefined {
  const parsed = parseDataFile(file, data);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  if (validate(parsed.value)) return parsed.value;
  problems.push(...schemaProblems(file, validate.errors as Parameters<typeof schemaProblems>[1]));
  refused?.(parsed.value);
  return undefined;
}

function readManifest(files: PackageFiles, problems: PackageProblem[]): { file: string; manifest: CourseManifest | undefined; languages?: CourseLanguage[] } {
  const names = ['course.yaml', 'course.json'].filter((n) => files.has(n));
  if (names.length === 0) {
    problems.push(problem(WHOLE_PACKAGE, '', 'noManifest'));
    return { file: 'course.yaml', manifest: undefined };
  }
  if (names.length > 1) problems.push(problem(names[1]!, '', 'twoFiles', { other: names[0] }));
  // a manifest its schema refused may still say its languages, for the quizzes' translations
  let languages: CourseLanguage[] | undefined;
  const manifest = readData(names[0]!, files.get(names[0]!)!, validateCourse, problems, (raw) => {
    const declared = (raw as { languages?: unknown } | null)?.languages;
    if (Array.isArray(declared) && declared.length && declared.every((l) => (courseLanguages as readonly unknown[]).includes(l))) languages = declared as CourseLanguage[];
  });
  return { file: names[0]!, manifest, languages };
}

function readImages(files: PackageFiles, problems: PackageProblem[]): PackageImage[] {
  const images: PackageImage[] = [];
  for (const [name, data] of files) {
    if (fileKind(name) !== 'image') continue;
    const type = imageType(data);
    const extension = name.split('.').pop()!;
    if (!type) problems.push(problem(name, '', 'notAnImage'));
    else if (!imageExtensions[type].includes(extension)) problems.push(problem(name, '', 'imageExtension', { type: type.slice(6).toUpperCase() }));
    else images.push({ path: name, data, contentType: type, sha256: sha256(data) });
  }
  return images;
}

function decodeText(file: string, data: Buffer, problems: PackageProblem[]): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    problems.push(problem(file, '', 'notUtf8'));
    return undefined;
  }
}

/** Each language's text of one Markdown file (a lesson or an activity template), checked. */
function readMarkdown(languages: readonly CourseLanguage[], nameOf: (lang: string) => string, moduleDir: string, files: PackageFiles, problems: PackageProblem[], images: boolean): LanguageMarkdown {
  const markdown: LanguageMarkdown = {};
  for (const lang of languages) {
    const name = nameOf(lang);
    const data = files.get(name);
    const text = data && decodeText(name, data, problems);
    if (text === undefined) continue;
    checkLesson(name, moduleDir, text, files, problems, { images });
    markdown[lang] = text;
  }
  return markdown;
}

function readModule(languages: readonly CourseLanguage[], module: ManifestModule, files: PackageFiles, quizzes: ReadonlyMap<string, Quiz>, problems: PackageProblem[]): PackageModule {
  const dir = `modules/${module.id}`;
  return {
    id: module.id,
    title: module.title,
    required: module.required,
    // undefined only when the quiz is missing or invalid, and then the package is refused
    quiz: quizzes.get(quizFileOf(files, module.id)[0] ?? '')!,
    lessons: module.lessons.map((lesson) => ({
      id: lesson.id,
      title: lesson.title,
      minSeconds: lesson.minSeconds,
      contentNote: lesson.contentNote,
      markdown: readMarkdown(languages, (lang) => lessonFile(module.id, lesson.id, lang), dir, files, problems, true),
    })),
    // Templates are printed: no images, and their own folder is where relative references would point.
    activities: (module.activities ?? []).map((activity) => ({
      id: activity.id,
      title: activity.title,
      minutes: activity.minutes,
      markdown: readMarkdown(languages, (lang) => activityFile(module.id, activity.id, lang), `${dir}/activities`, files, problems, false),
    })),
  };
}

/** Validates a whole package; returns its content ready to store, or throws PackageError. */
export function validatePackage(files: PackageFiles): ValidPackage {
  // what the reader found (a stray file, a duplicate) comes first; then everything else is checked
  const problems: PackageProblem[] = [...readingProblems(files)];
  const { file: manifestFile, manifest, languages: declaredLanguages } = readManifest(files, problems);
  const quizzes = new Map<string, Quiz>();
  // every quiz as read, its schema's refusal or not: the cross-checks run on each (quiz-checks.ts)
  const quizContent = new Map<string, unknown>();
  for (const name of files.keys()) {
    if (fileKind(name) !== 'quiz') continue;
    const quiz = readData(name, files.get(name)!, validateQuiz, problems, (value) => quizContent.set(name, value));
    if (quiz) {
      quizzes.set(name, quiz);
      quizContent.set(name, quiz);
    }
  }
  const images = readImages(files, problems);
  // Without a valid manifest there is nothing to cross-check against (readManifest said why), but
  // every lesson and template is still checked on its own, so one upload shows every problem.
  if (!manifest) {
    // the quizzes on their own too: ids, keys, the draw, and translations when the manifest names its languages
    for (const [name, quiz] of quizContent) checkQuiz(name, quiz, declaredLanguages ?? [], problems);
    for (const [name, data] of files) {
      const kind = fileKind(name);
      if (kind !== 'lesson' && kind !== 'activity') continue;
      const text = decodeText(name, data, problems);
      if (text !== undefined) checkLesson(name, name.split('/').slice(0, kind === 'lesson' ? 2 : 3).join('/'), text, files, problems, { images: kind === 'lesson' });
    }
    throw new PackageError(problems);
  }

  checkManifest(manifestFile, manifest, files, problems);
  for (const [name, quiz] of quizContent) checkQuiz(name, quiz, manifest.languages, problems);

  const modules = manifest.modules.map((module) => readModule(manifest.languages, module, files, quizzes, problems));
  const time = expectedTime({
    languages: manifest.languages,
    lessons: modules.flatMap((m) => m.lessons.map((l) => l.markdown)),
    quizMinutes: modules.map((m) => (m.quiz as Quiz | undefined)?.settings.timeLimitMinutes ?? 0),
    activityMinutes: modules.flatMap((m) => m.activities.map((a) => a.minutes)),
  });
  // A missing quiz or lesson is reported already; the hours it would add are unknown, so they are not judged.
  const complete = modules.every((m) => (m.quiz as Quiz | undefined) && m.lessons.every((l) => manifest.languages.every((lang) => l.markdown[lang] !== undefined)));
  if (complete) checkHours(manifestFile, manifest.academicHours, time, problems);
  // a problem in a module's file is named by the module's number in the manifest ("Module 1, lesson 3")
  const numbers = packageNumbers(manifest);
  refuseIfAny(located(problems, numbers));
  const quizFiles: QuizFile[] = modules.map((m) => ({ file: quizFileOf(files, m.id)[0]!, quiz: m.quiz }));
  const statistics = itemStatistics(manifest.languages, quizFiles);
  return {
    manifest,
    modules,
    images,
    contentHash: contentHash(files),
    fileCount: files.size,
    byteCount: [...files.values()].reduce((sum, data) => sum + data.length, 0),
    warnings: located(itemWarnings(statistics, quizFiles), numbers),
    expectedTime: time,
    itemStatistics: statistics,
  };
}
