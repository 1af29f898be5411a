// The folders of lib/ are layers: each may import only from itself and the
// layers below it (base < native < metrics < stats; io reads files with base
// alone; report, cli, demo, tfjs, onnx and distributed (the repsim/tfjs,
// repsim/onnx and repsim/distributed entries) sit on top). Used by eslint.config.mjs and
// shown failing on a wrong import in test/lib-layers.test.ts.
const above = {
  base: ['native', 'metrics', 'stats', 'io', 'report', 'cli', 'demo', 'tfjs', 'onnx', 'distributed'],
  native: ['metrics', 'stats', 'io', 'report', 'cli', 'demo', 'tfjs', 'onnx', 'distributed'],
  metrics: ['stats', 'io', 'report', 'cli', 'demo', 'tfjs', 'onnx', 'distributed'],
  stats: ['io', 'report', 'cli', 'demo', 'tfjs', 'onnx', 'distributed'],
  io: ['native', 'metrics', 'stats', 'report', 'cli', 'demo', 'tfjs', 'onnx', 'distributed'],
};

export const layerRules = Object.entries(above).map(([layer, forbidden]) => ({
  files: [`lib/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: forbidden.map((folder) => `**/${folder}/*`),
            message: `lib/${layer}/ may import only from itself and lower layers (base < native < metrics < stats).`,
          },
        ],
      },
    ],
  },
}));
