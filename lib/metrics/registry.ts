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
  | MeasureName
  | 'entropy-similarity';

/**
 * The measures of ReSi (Klabunde et al. 2024) and netrep (Williams et al.
 * 2021) computed by the native measure table (native/core/measures).
 */
export type MeasureName =
  | 'aligned-cosine'
  | 'angular-shape'
  | 'procrustes-size-shape'
  | 'permutation-procrustes'
  | 'shape-metric'
  | 'hard-correlation-match'
  | 'soft-correlation-match'
  | 'linear-regression'
  | 'gulp'
  | 'eigenspace-overlap'
  | 'rsa'
  | 'rsm-norm-difference'
  | 'distance-correlation'
  | 'jaccard-knn'
  | 'rank-similarity'
  | 'second-order-cosine'
  | 'mutual-knn'
  | 'cknna'
  | 'magnitude-difference'
  | 'concentricity-difference'
  | 'uniformity-difference';

/** Transformations of a layer's activations that leave a metric unchanged. */
export type Invariance =
  /** adding a constant vector to every example */
  | 'translation'
  /** multiplying by a positive scalar */
  | 'isotropic-scaling'
  /** rotating or reflecting the feature space */
  | 'orthogonal'
  /** any invertible linear map of the features */
  | 'invertible-linear'
  /** reordering the features */
  | 'permutation';

/** One named metric. */
export interface MetricEntry {
  readonly name: MetricName;
  /** Which native family computes it. */
  readonly family: 'cka' | 'cca' | 'measure' | 'entropy';
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
  /** Time per pair of layers (n examples, p and q features; D = max(p, q)). */
  readonly cost: string;
  /** Where the measure is defined, and the reference code repsim's numbers equal. */
  readonly reference: string;
}

/** Cost and reference of each metric, kept beside the entries they complete. */
const DOCS: Readonly<Record<MetricName, Pick<MetricEntry, 'cost' | 'reference'>>> = {
  'linear-cka': { cost: 'O(n·min(p·q, n)·(p + q))', reference: 'Kornblith et al. 2019 (their notebook)' },
  'debiased-cka': { cost: 'O(n·min(p·q, n)·(p + q))', reference: 'Song et al. 2012; Kornblith et al. 2019' },
  'kernel-cka': { cost: 'O(n²·(p + q))', reference: 'Kornblith et al. 2019 (their notebook)' },
  cca: { cost: 'O(n·(p + q)² + (p + q)³)', reference: 'Raghu et al. 2017 (google/svcca)' },
  svcca: { cost: 'O(n·(p + q)² + (p + q)³)', reference: 'Raghu et al. 2017 (google/svcca)' },
  pwcca: { cost: 'O(n·(p + q)² + (p + q)³)', reference: 'Morcos et al. 2018 (google/svcca)' },
  procrustes: { cost: 'O(n·(p + q)² + (p + q)³)', reference: 'Ding et al. 2021' },
  'aligned-cosine': { cost: 'O(n·D² + D³)', reference: 'Klabunde et al. 2024 (ReSi procrustes.py)' },
  'angular-shape': { cost: 'O(n·p·q + D³)', reference: 'Williams et al. 2021 (ReSi procrustes.py)' },
  'procrustes-size-shape': { cost: 'O(n·D² + D³)', reference: 'Williams et al. 2021 (ReSi procrustes.py)' },
  'permutation-procrustes': { cost: 'O(n·p·q + D³)', reference: 'Williams et al. 2021 (ReSi procrustes.py)' },
  'shape-metric': { cost: 'O(n·D² + D³)', reference: 'Williams et al. 2021 (netrep LinearMetric)' },
  'hard-correlation-match': {
    cost: 'O(n·p·q + D³)',
    reference: 'Li et al. 2015 (ReSi correlation_match.py)',
  },
  'soft-correlation-match': { cost: 'O(n·p·q)', reference: 'Li et al. 2015 (ReSi correlation_match.py)' },
  'linear-regression': {
    cost: 'O(n·(p·q + q²))',
    reference: 'Klabunde et al. 2024 (ReSi linear_regression.py)',
  },
  gulp: { cost: 'O(n·(p + q)² + p³ + q³)', reference: 'Boix-Adsera et al. 2022 (ReSi gulp.py)' },
  'eigenspace-overlap': { cost: 'O(n·(p² + q²))', reference: 'May et al. 2019 (ReSi eigenspace_overlap.py)' },
  rsa: { cost: 'O(n²·(p + q) + n² log n)', reference: 'Kriegeskorte et al. 2008 (ReSi rsa.py)' },
  'rsm-norm-difference': {
    cost: 'O(n²·(p + q) + k·n²)',
    reference: 'Klabunde et al. 2024 (ReSi rsm_norm_difference.py)',
  },
  'distance-correlation': {
    cost: 'O(n²·(p + q))',
    reference: 'Székely et al. 2007 (ReSi distance_correlation.py)',
  },
  'jaccard-knn': {
    cost: 'O(n²·(p + q) + n·k)',
    reference: 'Klabunde et al. 2024 (ReSi nearest_neighbor.py)',
  },
  'rank-similarity': {
    cost: 'O(n²·(p + q) + n·k²)',
    reference: 'Wang et al. 2020 (ReSi nearest_neighbor.py)',
  },
  'second-order-cosine': {
    cost: 'O(n²·(p + q) + n·k·(p + q))',
    reference: 'Hamilton et al. 2016 (ReSi nearest_neighbor.py)',
  },
  'mutual-knn': { cost: 'O(n²·(p + q))', reference: 'Huh et al. 2024 (platonic-rep metrics.py)' },
  cknna: { cost: 'O(n²·(p + q) + n·k·(p + q))', reference: 'Huh et al. 2024 (platonic-rep metrics.py)' },
  'magnitude-difference': { cost: 'O(n·(p + q))', reference: 'Klabunde et al. 2024 (ReSi statistics.py)' },
  'concentricity-difference': {
    cost: 'O(n·(p + q))',
    reference: 'Klabunde et al. 2024 (ReSi statistics.py)',
  },
  'uniformity-difference': { cost: 'O(n²·(p + q))', reference: 'Wang & Isola 2020 (ReSi statistics.py)' },
  'entropy-similarity': { cost: 'O(L²·n²·d) for L layers', reference: 'docs/entropy-similarity.md' },
};

const CKA_INVARIANT: readonly Invariance[] = [
  'translation',
  'isotropic-scaling',
  'orthogonal',
  'permutation',
];

/** Cosine (or normalised inner-product) neighbours: what a rotation or a rescaling keeps. */
const NEIGHBOUR_INVARIANT: readonly Invariance[] = ['isotropic-scaling', 'orthogonal', 'permutation'];

/** A measure of the native measure table: pairwise, not run by compare or the demo by default. */
function measure(
  name: MeasureName,
  label: string,
  direction: 'similarity' | 'distance',
  invariances: readonly Invariance[],
  options: readonly string[] = [],
): Omit<MetricEntry, 'cost' | 'reference'> {
  return {
    name,
    family: 'measure',
    label,
    direction,
    invariances,
    options,
    pairwise: true,
    compareDefault: false,
    demo: false,
  };
}

/** Every named metric, in report order. */
export const METRICS: readonly MetricEntry[] = (
  [
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
      invariances: [...CKA_INVARIANT, 'invertible-linear'],
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
      invariances: CKA_INVARIANT,
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
      invariances: ['translation', 'isotropic-scaling', 'permutation'],
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
    measure('aligned-cosine', 'Aligned cosine similarity', 'similarity', [
      'isotropic-scaling',
      'orthogonal',
      'permutation',
    ]),
    measure('angular-shape', 'Angular shape metric', 'distance', CKA_INVARIANT),
    measure('procrustes-size-shape', 'Procrustes size-and-shape distance', 'distance', [
      'translation',
      'orthogonal',
      'permutation',
    ]),
    measure('permutation-procrustes', 'Permutation Procrustes distance', 'distance', ['permutation']),
    measure('shape-metric', 'Generalized shape metric', 'distance', CKA_INVARIANT, ['alpha', 'distance']),
    measure('hard-correlation-match', 'Hard correlation match', 'similarity', [
      'translation',
      'isotropic-scaling',
      'permutation',
    ]),
    measure('soft-correlation-match', 'Soft correlation match', 'similarity', [
      'translation',
      'isotropic-scaling',
      'permutation',
    ]),
    measure('linear-regression', 'Linear regression (x from y)', 'similarity', CKA_INVARIANT),
    measure('gulp', 'GULP distance', 'distance', [...CKA_INVARIANT, 'invertible-linear'], ['lambda']),
    measure('eigenspace-overlap', 'Eigenspace overlap score', 'similarity', [
      'isotropic-scaling',
      'orthogonal',
      'permutation',
      'invertible-linear',
    ]),
    measure(
      'rsa',
      'RSA (Spearman of correlation RSMs)',
      'similarity',
      ['isotropic-scaling', 'permutation'],
      ['inner', 'outer'],
    ),
    measure(
      'rsm-norm-difference',
      'RSM norm difference',
      'distance',
      ['translation', 'orthogonal', 'permutation'],
      ['norm'],
    ),
    measure('distance-correlation', 'Distance correlation', 'similarity', CKA_INVARIANT),
    measure('jaccard-knn', 'Jaccard kNN similarity', 'similarity', NEIGHBOUR_INVARIANT, ['k']),
    measure('rank-similarity', 'Rank similarity', 'similarity', NEIGHBOUR_INVARIANT, ['k']),
    measure('second-order-cosine', 'Second-order cosine similarity', 'similarity', NEIGHBOUR_INVARIANT, [
      'k',
    ]),
    measure('mutual-knn', 'Mutual kNN alignment', 'similarity', NEIGHBOUR_INVARIANT, ['k', 'normalize']),
    measure('cknna', 'CKNNA', 'similarity', NEIGHBOUR_INVARIANT, ['k', 'normalize']),
    measure('magnitude-difference', 'Magnitude difference', 'distance', ['orthogonal', 'permutation']),
    measure('concentricity-difference', 'Concentricity difference', 'distance', [
      'isotropic-scaling',
      'orthogonal',
      'permutation',
    ]),
    measure(
      'uniformity-difference',
      'Uniformity difference',
      'distance',
      ['translation', 'orthogonal', 'permutation'],
      ['t'],
    ),
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
  ] as Omit<MetricEntry, 'cost' | 'reference'>[]
).map((entry) => ({ ...entry, ...DOCS[entry.name] }));

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
