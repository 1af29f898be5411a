// The `mnist` package (10 000 real digits, MIT) ships no types; this covers what the demo reads.
declare module 'mnist' {
  interface Digit {
    /** Images start..end, both included: 784 pixel values in [0, 1] each. */
    range(start: number, end: number): number[][];
    readonly length: number;
  }
  const mnist: Readonly<Record<number, Digit>>;
  export default mnist;
}
