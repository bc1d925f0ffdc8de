/**
 * The Barnes-Hut space-partitioning tree of t-SNE's repulsive forces: a quadtree in 2D, an octree in 3D
 * (van der Maaten 2014, section 4.2). Nodes live in flat typed-array pools that grow by doubling and are
 * reused from one iteration to the next, so a rebuild allocates nothing once the pools are big enough.
 */

/** Deeper than this, points are kept together in one leaf (near-duplicates would split forever). */
const maxDepth = 40;

/** A 2D or 3D Barnes-Hut tree over the rows of a flat `n * dims` coordinate array. */
export class SpaceTree {
  /** Per node: centre (dims), half-width, centre of mass (dims), mass. */
  private nodes: Float64Array;
  /** Per node: index of the first of its 2^dims consecutive children, -1 for a leaf. */
  private firstChild: Int32Array;
  /** Per node: the point of a one-point leaf (-1 when empty or not a leaf; a pile keeps its first). */
  private firstPoint: Int32Array;
  /** Per point: the leaf it was put in. */
  private readonly leafOf: Int32Array;
  private readonly stack: Int32Array;
  private readonly stride: number;
  private readonly children: number;
  private count = 0;
  private y: Float64Array = new Float64Array(0);

  constructor(
    readonly dims: 2 | 3,
    points: number,
  ) {
    this.stride = 2 * dims + 2;
    this.children = 1 << dims;
    const capacity = Math.max(16, 2 * points);
    this.nodes = new Float64Array(capacity * this.stride);
    this.firstChild = new Int32Array(capacity);
    this.firstPoint = new Int32Array(capacity);
    this.leafOf = new Int32Array(points);
    // A depth-first walk holds at most (children - 1) siblings per level plus the node in hand.
    this.stack = new Int32Array(maxDepth * this.children + 1);
  }

  /** Rebuilds the tree over the first `n` rows of `y` (kept by reference until the next build). */
  build(y: Float64Array, n: number): void {
    this.y = y;
    this.count = 0;
    const root = this.allocate();
    const dims = this.dims;
    let halfWidth = 0;
    for (let c = 0; c < dims; c++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const value = y[i * dims + c]!;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      this.nodes[root * this.stride + c] = n > 0 ? (min + max) / 2 : 0;
      halfWidth = Math.max(halfWidth, (max - min) / 2);
    }
    // A relative margin so the extreme points fall strictly inside the root cell (no absolute one: the
    // map can be far smaller than any fixed epsilon); any width does when every point is the same.
    this.nodes[root * this.stride + dims] = halfWidth > 0 ? halfWidth * (1 + 1e-5) : 1;
    for (let i = 0; i < n; i++) this.insert(i);
    this.finaliseCentres();
  }

  /**
   * Adds point `i`'s unnormalised repulsive force, sum over j of q_ij^2 (y_i - y_j) with
   * q_ij = 1 / (1 + |y_i - y_j|^2), into `force[i * dims ..]`, and returns its part of the normaliser Z,
   * sum over j of q_ij. A cell whose width is below `theta` times its distance counts as one point of its
   * total mass at its centre of mass; `theta = 0` gives the exact sums, but for piles of points closer
   * than 2^-40 of the map's extent, which count at their centre of mass (t-SNE's early exaggeration can
   * collapse whole clusters that far; walking such piles point by point made it quadratic).
   */
  repulsion(i: number, theta: number, force: Float64Array): number {
    return this.dims === 2
      ? this.repulsion2(i, theta * theta, force)
      : this.repulsion3(i, theta * theta, force);
  }

  private repulsion2(i: number, theta2: number, force: Float64Array): number {
    const { nodes, firstChild, leafOf, stack, y } = this;
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    let z = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      const at = node * 6;
      const first = firstChild[node]!;
      let mass = nodes[at + 5]!;
      let dx = xi - nodes[at + 3]!;
      let dy = yi - nodes[at + 4]!;
      if (first >= 0) {
        const width = 2 * nodes[at + 2]!;
        if (width * width >= theta2 * (dx * dx + dy * dy)) {
          for (let c = first + 3; c >= first; c--) if (nodes[c * 6 + 5]! > 0) stack[top++] = c;
          continue;
        }
      } else if (leafOf[i] === node) {
        // i's own leaf: the others in it (a pile of near-duplicates, or none) at their centre of mass.
        mass -= 1;
        if (mass <= 0) continue;
        dx = (dx * (mass + 1)) / mass;
        dy = (dy * (mass + 1)) / mass;
      }
      const q = 1 / (1 + dx * dx + dy * dy);
      z += mass * q;
      fx += mass * q * q * dx;
      fy += mass * q * q * dy;
    }
    force[2 * i] = force[2 * i]! + fx;
    force[2 * i + 1] = force[2 * i + 1]! + fy;
    return z;
  }

  private repulsion3(i: number, theta2: number, force: Float64Array): number {
    const { nodes, firstChild, leafOf, stack, y } = this;
    const xi = y[3 * i]!;
    const yi = y[3 * i + 1]!;
    const zi = y[3 * i + 2]!;
    let fx = 0;
    let fy = 0;
    let fz = 0;
    let z = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      const at = node * 8;
      const first = firstChild[node]!;
      let mass = nodes[at + 7]!;
      let dx = xi - nodes[at + 4]!;
      let dy = yi - nodes[at + 5]!;
      let dz = zi - nodes[at + 6]!;
      if (first >= 0) {
        const width = 2 * nodes[at + 3]!;
        if (width * width >= theta2 * (dx * dx + dy * dy + dz * dz)) {
          for (let c = first + 7; c >= first; c--) if (nodes[c * 8 + 7]! > 0) stack[top++] = c;
          continue;
        }
      } else if (leafOf[i] === node) {
        mass -= 1;
        if (mass <= 0) continue;
        dx = (dx * (mass + 1)) / mass;
        dy = (dy * (mass + 1)) / mass;
        dz = (dz * (mass + 1)) / mass;
      }
      const q = 1 / (1 + dx * dx + dy * dy + dz * dz);
      z += mass * q;
      fx += mass * q * q * dx;
      fy += mass * q * q * dy;
      fz += mass * q * q * dz;
    }
    force[3 * i] = force[3 * i]! + fx;
    force[3 * i + 1] = force[3 * i + 1]! + fy;
    force[3 * i + 2] = force[3 * i + 2]! + fz;
    return z;
  }

  /** Walks point `i` down from the root, adding its mass on the way, splitting the leaf it lands in. */
  private insert(i: number): void {
    const { dims, stride } = this;
    let node = 0;
    for (let depth = 0; ; depth++) {
      const at = node * stride;
      const { nodes, y } = this;
      for (let c = 0; c < dims; c++) nodes[at + dims + 1 + c] = nodes[at + dims + 1 + c]! + y[i * dims + c]!;
      nodes[at + 2 * dims + 1] = nodes[at + 2 * dims + 1]! + 1;
      if (this.firstChild[node]! < 0) {
        const resident = this.firstPoint[node]!;
        if (resident < 0 || depth >= maxDepth) {
          if (resident < 0) this.firstPoint[node] = i;
          this.leafOf[i] = node;
          return;
        }
        this.split(node, resident);
      }
      node = this.childFor(node, i);
    }
  }

  /** Turns a one-point leaf into an inner node whose child holds that point. */
  private split(node: number, resident: number): void {
    const { dims, stride } = this;
    const first = this.count;
    const halfWidth = this.nodes[node * stride + dims]! / 2;
    for (let c = 0; c < this.children; c++) {
      const child = this.allocate();
      const at = child * stride;
      for (let axis = 0; axis < dims; axis++) {
        const sign = (c >> axis) & 1 ? 1 : -1;
        this.nodes[at + axis] = this.nodes[node * stride + axis]! + sign * halfWidth;
      }
      this.nodes[at + dims] = halfWidth;
    }
    this.firstChild[node] = first;
    this.firstPoint[node] = -1;
    const child = this.childFor(node, resident);
    const at = child * stride;
    for (let c = 0; c < dims; c++) this.nodes[at + dims + 1 + c] = this.y[resident * dims + c]!;
    this.nodes[at + 2 * dims + 1] = 1;
    this.firstPoint[child] = resident;
    this.leafOf[resident] = child;
  }

  /** The child of inner node `node` whose cell holds point `i` (bit `axis` set: upper half on that axis). */
  private childFor(node: number, i: number): number {
    const { dims, stride } = this;
    let index = 0;
    for (let axis = 0; axis < dims; axis++) {
      if (this.y[i * dims + axis]! > this.nodes[node * stride + axis]!) index |= 1 << axis;
    }
    return this.firstChild[node]! + index;
  }

  /** A fresh empty leaf from the pool, growing the pool (by doubling) when it is full. */
  private allocate(): number {
    if (this.count === this.firstChild.length) this.grow();
    const node = this.count++;
    this.nodes.fill(0, node * this.stride, (node + 1) * this.stride);
    this.firstChild[node] = -1;
    this.firstPoint[node] = -1;
    return node;
  }

  private grow(): void {
    const capacity = this.firstChild.length * 2;
    const nodes = new Float64Array(capacity * this.stride);
    nodes.set(this.nodes);
    this.nodes = nodes;
    const firstChild = new Int32Array(capacity);
    firstChild.set(this.firstChild);
    this.firstChild = firstChild;
    const firstPoint = new Int32Array(capacity);
    firstPoint.set(this.firstPoint);
    this.firstPoint = firstPoint;
  }

  /** Turns every node's summed positions (leaves and piles included) into its centre of mass. */
  private finaliseCentres(): void {
    const { dims, stride } = this;
    for (let node = 0; node < this.count; node++) {
      const at = node * stride;
      const mass = this.nodes[at + 2 * dims + 1]!;
      if (mass > 0)
        for (let c = 0; c < dims; c++) this.nodes[at + dims + 1 + c] = this.nodes[at + dims + 1 + c]! / mass;
    }
  }
}
