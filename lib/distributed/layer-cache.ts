/**
 * A worker's cache of referenced layers, keyed by checksum and array name:
 * the blocks of one matrix (and the shards of one file) read each file once
 * per worker, not once per job. Bounded in bytes, least recently used out
 * first; concurrent jobs asking for one layer share one read.
 */
import type { NdArray } from '../io/npy.js';
import { loadLayerRef, type LayerRef, type Resolvers } from './references.js';

/** Loads referenced layers through a bounded cache. */
export class LayerCache {
  private readonly entries = new Map<string, Promise<NdArray>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  /**
   * @param resolvers - readers for URI schemes other than `file:`
   * @param maxBytes - the most bytes of decoded layers kept (0 keeps none)
   */
  constructor(
    private readonly resolvers: Resolvers,
    private readonly maxBytes: number,
  ) {}

  /** The layer `ref` names, read (and its checksum checked) unless cached. */
  async load(ref: LayerRef): Promise<NdArray> {
    const key = `${ref.sha256}#${ref.layer ?? ''}#${ref.uri}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Most recently used goes last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const loading = loadLayerRef(ref, this.resolvers);
    this.entries.set(key, loading);
    let array: NdArray;
    try {
      array = await loading;
    } catch (error) {
      // A failed read is not cached: the retry reads again.
      if (this.entries.get(key) === loading) this.entries.delete(key);
      throw error;
    }
    if (this.entries.get(key) === loading && !this.sizes.has(key)) {
      this.sizes.set(key, array.data.byteLength);
      this.bytes += array.data.byteLength;
      this.evict();
    }
    return array;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) return;
      const size = this.sizes.get(key);
      // Still loading: its size is not known yet, and a job is waiting on it.
      if (size === undefined) continue;
      this.entries.delete(key);
      this.sizes.delete(key);
      this.bytes -= size;
    }
  }
}
