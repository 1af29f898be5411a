// node-gyp-build ships no types; this covers the two calls repsim makes.
declare module 'node-gyp-build' {
  interface NodeGypBuild {
    (dir: string): unknown;
    resolve(dir: string): string;
  }
  const load: NodeGypBuild;
  export default load;
}
