/**
 * A worker's cache of referenced files, keyed by checksum and URI: the
 * blocks of one matrix, the shards of one file and the layers of one `.npz`
 * read (and hash) each file once per worker, not once per job or layer.
 * Bounded in bytes, least recently used out first; concurrent jobs asking for
 * one file share one read.
 */
import type { NdArray } from '../io/npy.js';
import { loadFileRef, selectLayer, type FileArrays, type LayerRef, type Resolvers } from './references.js';

/** Loads referenced layers through a bounded cache of their files. */
export class LayerCache {
  private readonly entries = new Map<string, Promise<FileArrays>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  /**
   * @param resolvers - readers for URI schemes other than `file:`
   * @param maxBytes - the most bytes of decoded arrays kept (0 keeps none)
   */
  constructor(
    private readonly resolvers: Resolvers,
    private readonly maxBytes: number,
  ) {}

  /** The layer `ref` names, its file read (and its checksum checked) unless cached. */
  async load(ref: LayerRef): Promise<NdArray> {
    return selectLayer(ref, await this.file(ref));
  }

  private async file(ref: LayerRef): Promise<FileArrays> {
    const key = `${ref.sha256}#${ref.uri}`;
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Most recently used goes last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const loading = loadFileRef(ref, this.resolvers);
    this.entries.set(key, loading);
    let arrays: FileArrays;
    try {
      arrays = await loading;
    } catch (error) {
      // A failed read is not cached: the retry reads again.
      if (this.entries.get(key) === loading) this.entries.delete(key);
      throw error;
    }
    if (this.entries.get(key) === loading && !this.sizes.has(key)) {
      const size = [...arrays.values()].reduce((sum, array) => sum + array.data.byteLength, 0);
      this.sizes.set(key, size);
      this.bytes += size;
      this.evict();
    }
    return arrays;
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
