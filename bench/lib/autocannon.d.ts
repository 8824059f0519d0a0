// autocannon ships no types; the bench uses only its promise form.
declare module 'autocannon' {
  function autocannon(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export default autocannon;
}
