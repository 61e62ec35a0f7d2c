// Growable typed-array columns: the verifier keeps one row per stored witness
// report, ~24 bytes each, so 10M witness reports need ~240 MB off the JS heap
// instead of millions of objects on it.

type TypedCtor<T> = { new (n: number): T };

export class GrowableColumn<T extends Uint8Array | Int16Array | Uint32Array | Float64Array> {
  data: T;
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>, initial = 1024) {
    this.data = new ctor(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.ctor(this.data.length * 2);
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** a view of the filled part. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
