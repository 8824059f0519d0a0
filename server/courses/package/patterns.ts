// The shapes of ids and versions in a package, shared by the schemas and by the messages that
// explain them (package-ajv.ts).
export const slugPattern = '^[a-z0-9]+(-[a-z0-9]+)*$';
// Semantic versioning without build metadata, which has no precedence and so could not order versions.
export const semverPattern =
  '^(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})(-(0|[1-9][0-9]{0,5}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9][0-9]{0,5}|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?$';
