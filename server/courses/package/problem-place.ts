// Where a problem is, in the words of the preview: "Module 1, lesson 3", counting from 1. The JSON
// pointer beside it stays exact and counts from 0 (`/modules/0/lessons/2`); people read the place.
// Module, lesson and activity numbers of a file under `modules/` come from the manifest's order,
// when the manifest could be read; numbers inside a file come from its pointer.
// (Shapes are given here, not imported: problems.ts imports this file.)
import type { Translate } from '../../i18n/index.ts';

/** What of a problem its place is read from. */
interface Located {
  readonly file: string;
  readonly pointer: string;
  readonly key: string;
}

/** What of a manifest the numbers are read from. */
interface ManifestOrder {
  modules: readonly { id: string; lessons: readonly { id: string }[]; activities?: readonly { id: string }[] | null }[];
}

export interface ProblemPlace {
  module?: number;
  lesson?: number;
  activity?: number;
  question?: number;
  option?: number;
}

/** Each module's number, and its lessons' and activities' numbers, by id: from the manifest's order. */
export interface PackageNumbers {
  modules: ReadonlyMap<string, { number: number; lessons: ReadonlyMap<string, number>; activities: ReadonlyMap<string, number> }>;
}

export function packageNumbers(manifest: ManifestOrder): PackageNumbers {
  const numbered = (list: readonly { id: string }[] | null | undefined) => new Map((list ?? []).map((item, i) => [item.id, i + 1]));
  return { modules: new Map(manifest.modules.map((m, i) => [m.id, { number: i + 1, lessons: numbered(m.lessons), activities: numbered(m.activities) }])) };
}

const index = (segment: string | undefined) => (segment !== undefined && /^\d+$/.test(segment) ? Number(segment) + 1 : undefined);

/** The place of a problem, from its file and pointer (and the manifest's numbers, if known). */
export function placeOf(p: Pick<Located, 'file' | 'pointer'>, numbers?: PackageNumbers): ProblemPlace {
  const place: ProblemPlace = {};
  const at = p.pointer.split('/').slice(1);
  if (/^course\.(ya?ml|json)$/.test(p.file) && at[0] === 'modules') {
    place.module = index(at[1]);
    if (at[2] === 'lessons') place.lesson = index(at[3]);
    if (at[2] === 'activities') place.activity = index(at[3]);
  }
  const inModule = /^modules\/([^/]+)\/(?:(activities)\/)?([^/]+)$/.exec(p.file);
  if (inModule) {
    const [, moduleId, activities, name] = inModule;
    const module = numbers?.modules.get(moduleId!);
    place.module = module?.number;
    const stem = name!.replace(/\.[a-z]{2}\.md$/, '');
    if (/^quiz\.(ya?ml|json)$/.test(name!)) {
      if (at[0] === 'questions') place.question = index(at[1]);
      if (at[0] === 'questions' && at[2] === 'options') place.option = index(at[3]);
    } else if (stem !== name) {
      if (activities) place.activity = module?.activities.get(stem);
      else place.lesson = module?.lessons.get(stem);
    }
  }
  for (const k of parts) if (place[k] === undefined) delete place[k];
  return place;
}

/** The problems with their places, numbered by the manifest (a place outside any module is left out). */
export function located<P extends Located>(problems: readonly P[], numbers: PackageNumbers): (P & { place?: ProblemPlace })[] {
  return problems.map((p) => {
    // a stray file is no part of the course: it has no place in it
    if (/\.stray[A-Z]/.test(p.key)) return p;
    const place = placeOf(p, numbers);
    return Object.keys(place).length ? { ...p, place } : p;
  });
}

const parts = ['module', 'lesson', 'activity', 'question', 'option'] as const;

/** "Module 1, lesson 3" in the reader's language, or '' when the problem is not inside a module or question. */
export function describePlace(place: ProblemPlace, t: Translate): string {
  const text = parts.filter((k) => place[k] !== undefined).map((k) => t(`courses.place.${k}`, { number: place[k] })).join(', ');
  return text && text.charAt(0).toUpperCase() + text.slice(1);
}
