/**
 * Every named metric, once: its one name, family, the options that apply to
 * it, whether it reports a similarity or a distance, what it is invariant to,
 * its label, and whether `repsim compare` and the demo run it by default.
 * `layerSimilarity`, `stats`, `grounding`, `compareModels`, the CLI and the
 * demo all read this table; adding a named metric means adding its entry here
 * (and its core file, binding, TypeScript file and tests).
 */

/** The name of every named metric. */
export type MetricName =
  | 'linear-cka'
  | 'debiased-cka'
  | 'kernel-cka'
  | 'cca'
  | 'svcca'
  | 'pwcca'
  | 'procrustes'
  | 'entropy-similarity';

/** Transformations of a layer's activations that leave a metric unchanged. */
export type Invariance =
  /** adding a constant vector to every example */
  | 'translation'
  /** multiplying by a positive scalar */
  | 'isotropic-scaling'
  /** rotating or reflecting the feature space */
  | 'orthogonal'
  /** any invertible linear map of the features */
  | 'invertible-linear';

/** One named metric. */
export interface MetricEntry {
  readonly name: MetricName;
  /** Which native family computes it. */
  readonly family: 'cka' | 'cca' | 'entropy';
  /** For reports: "Linear CKA", ... */
  readonly label: string;
  /** `'similarity'`: larger = more similar; `'distance'`: smaller = more similar. */
  readonly direction: 'similarity' | 'distance';
  readonly invariances: readonly Invariance[];
  /** The metric options (beyond `threads` and `maxMemoryBytes`) that apply to it. */
  readonly options: readonly string[];
  /** Named in `layerSimilarity`, `permutationTest`, `bootstrap` and `grounding`. */
  readonly pairwise: boolean;
  /** Run by `repsim compare` (and `compareModels`) when no metrics are given. */
  readonly compareDefault: boolean;
  /** Run by `repsim demo`. */
  readonly demo: boolean;
}

const CKA_INVARIANT: readonly Invariance[] = ['translation', 'isotropic-scaling', 'orthogonal'];

/** Every named metric, in report order. */
export const METRICS: readonly MetricEntry[] = [
  {
    name: 'linear-cka',
    family: 'cka',
    label: 'Linear CKA',
    direction: 'similarity',
    invariances: CKA_INVARIANT,
    options: ['form'],
    pairwise: true,
    compareDefault: true,
    demo: true,
  },
  {
    name: 'debiased-cka',
    family: 'cka',
    label: 'Debiased linear CKA',
    direction: 'similarity',
    invariances: CKA_INVARIANT,
    options: ['form'],
    pairwise: true,
    compareDefault: false,
    demo: false,
  },
  {
    name: 'kernel-cka',
    family: 'cka',
    label: 'RBF CKA (threshold 1)',
    direction: 'similarity',
    invariances: CKA_INVARIANT,
    options: ['kernel', 'threshold', 'sigma', 'degree', 'gamma', 'coef0', 'debiased'],
    pairwise: true,
    compareDefault: false,
    demo: false,
  },
  {
    name: 'cca',
    family: 'cca',
    label: 'CCA (mean ρ)',
    direction: 'similarity',
    invariances: ['translation', 'isotropic-scaling', 'orthogonal', 'invertible-linear'],
    options: ['epsilon', 'allowUnderdetermined'],
    pairwise: true,
    compareDefault: false,
    demo: false,
  },
  {
    name: 'svcca',
    family: 'cca',
    label: 'SVCCA (mean ρ, 99 % variance)',
    direction: 'similarity',
    invariances: ['translation', 'isotropic-scaling', 'orthogonal'],
    options: ['keep', 'allowUnderdetermined'],
    pairwise: true,
    compareDefault: true,
    demo: true,
  },
  {
    name: 'pwcca',
    family: 'cca',
    label: 'PWCCA',
    direction: 'similarity',
    invariances: ['translation', 'isotropic-scaling'],
    options: ['weights', 'epsilon', 'allowUnderdetermined'],
    pairwise: true,
    compareDefault: true,
    demo: true,
  },
  {
    name: 'procrustes',
    family: 'cca',
    label: 'Orthogonal Procrustes distance',
    direction: 'distance',
    invariances: CKA_INVARIANT,
    options: [],
    pairwise: true,
    compareDefault: true,
    demo: false,
  },
  {
    name: 'entropy-similarity',
    family: 'entropy',
    label: 'Entropy similarity Si(l, r)',
    direction: 'similarity',
    invariances: CKA_INVARIANT,
    options: [],
    pairwise: false,
    compareDefault: true,
    demo: true,
  },
];

/** Former names that keep working (see CHANGELOG): `'rbf-cka'`, `'entropy-si'`. */
export const METRIC_ALIASES: Readonly<Record<string, MetricName>> = {
  'rbf-cka': 'kernel-cka',
  'entropy-si': 'entropy-similarity',
};

/** The entry of a name or former name, or undefined. */
export function metricEntry(name: unknown): MetricEntry | undefined {
  if (typeof name !== 'string') return undefined;
  const canonical = METRIC_ALIASES[name] ?? name;
  return METRICS.find((m) => m.name === canonical);
}

/** The names of the metrics that satisfy `keep`, in report order. */
export function metricNames(keep: (m: MetricEntry) => boolean = () => true): MetricName[] {
  return METRICS.filter(keep).map((m) => m.name);
}
