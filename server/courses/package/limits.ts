// Every limit a package must keep, in one place: the upload route, the zip reader, the folder
// reader, the parsers and docs/course-package.md all refer to these numbers.
const MB = 1024 * 1024;

export const packageLimits = {
  /** the uploaded .zip itself (Multer's limit, and the CLI's for a .zip) */
  uploadBytes: 50 * MB,
  /** zip entries, directories included; checked from the central directory before anything is read */
  entries: 2_000,
  /** the sum of every entry's declared uncompressed size */
  totalBytes: 200 * MB,
  /** uncompressed size / compressed size, per entry */
  ratio: 100,
  /** one Markdown, YAML or JSON file */
  textFileBytes: 2 * MB,
  /** one image */
  imageBytes: 10 * MB,
  /** nesting of arrays and objects in course.yaml or quiz.yaml; real files need about 8 */
  depth: 32,
  /** YAML alias nodes (`*name`) a file may use; each alias counts its expanded size */
  yamlAliases: 20,
  /** the deepest indentation (in columns) a YAML line may start at; bounds block nesting */
  yamlIndent: 200,
} as const;
