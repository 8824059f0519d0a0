// Package → validated course content, or a PackageError with every problem found. Nothing here
// touches the database: the upload page, the CLI and the start-up import all call this first,
// and store only what it returns.
import { validateCourse, type CourseLanguage, type CourseManifest, type LocalisedText } from './course.schema.ts';
import { contentHash, sha256 } from './content-hash.ts';
import { fileKind } from './entry-names.ts';
import { imageExtensions, imageType, type ImageType } from './file-types.ts';
import { LanguageCheck } from './language-checks.ts';
import { checkLesson } from './lesson-checks.ts';
import { checkManifest, lessonFile, quizFileOf } from './manifest-checks.ts';
import { schemaProblems } from './package-ajv.ts';
import { refuseIfAny, type PackageFiles } from './package-files.ts';
import { parseDataFile } from './parse-data.ts';
import { PackageError, problem, WHOLE_PACKAGE, type PackageProblem } from './problems.ts';
import { checkQuiz } from './quiz-checks.ts';
import { validateQuiz, type Quiz } from './quiz.schema.ts';

export interface PackageLesson {
  id: string;
  title: LocalisedText;
  minSeconds: number | undefined;
  markdown: Partial<Record<CourseLanguage, string>>;
}

export interface PackageModule {
  id: string;
  title: LocalisedText;
  required: boolean;
  lessons: PackageLesson[];
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
}

function readData<T>(file: string, data: Buffer, validate: ((v: unknown) => v is T) & { errors?: unknown }, problems: PackageProblem[]): T | undefined {
  const parsed = parseDataFile(file, data);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return undefined;
  }
  if (validate(parsed.value)) return parsed.value;
  problems.push(...schemaProblems(file, validate.errors as Parameters<typeof schemaProblems>[1]));
  return undefined;
}

function readManifest(files: PackageFiles, problems: PackageProblem[]): { file: string; manifest: CourseManifest | undefined } {
  const names = ['course.yaml', 'course.json'].filter((n) => files.has(n));
  if (names.length === 0) {
    problems.push(problem(WHOLE_PACKAGE, '', 'noManifest'));
    return { file: 'course.yaml', manifest: undefined };
  }
  if (names.length > 1) problems.push(problem(names[1]!, '', 'twoFiles', { other: names[0] }));
  return { file: names[0]!, manifest: readData(names[0]!, files.get(names[0]!)!, validateCourse, problems) };
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

/** Validates a whole package; returns its content ready to store, or throws PackageError. */
export function validatePackage(files: PackageFiles): ValidPackage {
  const problems: PackageProblem[] = [];
  const { file: manifestFile, manifest } = readManifest(files, problems);
  const quizzes = new Map<string, Quiz>();
  for (const name of files.keys()) {
    if (fileKind(name) !== 'quiz') continue;
    const quiz = readData(name, files.get(name)!, validateQuiz, problems);
    if (quiz) quizzes.set(name, quiz);
  }
  const images = readImages(files, problems);
  // Without a valid manifest there is nothing to cross-check against; readManifest said why.
  if (!manifest) throw new PackageError(problems);

  checkManifest(manifestFile, manifest, files, problems);
  const languages = new LanguageCheck(manifest.languages, problems);
  for (const [name, quiz] of quizzes) checkQuiz(name, quiz, languages, problems);

  const modules: PackageModule[] = manifest.modules.map((module) => ({
    id: module.id,
    title: module.title,
    required: module.required,
    quiz: quizzes.get(quizFileOf(files, module.id)[0] ?? '')!,
    lessons: module.lessons.map((lesson) => {
      const markdown: PackageLesson['markdown'] = {};
      for (const lang of manifest.languages) {
        const name = lessonFile(module.id, lesson.id, lang);
        const data = files.get(name);
        const text = data && decodeText(name, data, problems);
        if (text === undefined) continue;
        checkLesson(name, `modules/${module.id}`, text, files, problems);
        markdown[lang] = text;
      }
      return { id: lesson.id, title: lesson.title, minSeconds: lesson.minSeconds, markdown };
    }),
  }));
  refuseIfAny(problems);
  return {
    manifest,
    modules,
    images,
    contentHash: contentHash(files),
    fileCount: files.size,
    byteCount: [...files.values()].reduce((sum, data) => sum + data.length, 0),
  };
}
