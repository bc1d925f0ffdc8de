/**
 * The WebGL2 point renderer: one position buffer (x, y, z per point), one RGBA8 colour buffer, drawn as
 * gl.POINTS under one matrix uniform. It can draw every point, a subset through an index buffer (level of
 * detail), or every point into an offscreen snapshot that a single textured quad then shows, moved and
 * scaled, while the map pans and zooms. Knows nothing of cameras: the caller passes matrices and rects.
 */
import { pointProgram, quadProgram, type Program } from './gl-programs';

/** A snapshot: a texture holding the points as drawn for one camera over an area larger than the canvas. */
interface Snapshot {
  texture: WebGLTexture;
  framebuffer: WebGLFramebuffer;
  width: number;
  height: number;
}

export class ScatterRenderer {
  readonly gl: WebGL2RenderingContext;
  /** The GPU (or software rasteriser, e.g. SwiftShader) that draws. */
  readonly rendererName: string;
  private readonly points: Program;
  private readonly quad: Program;
  private readonly positions: WebGLBuffer;
  private readonly colours: WebGLBuffer;
  private readonly subset: WebGLBuffer;
  private readonly corners: WebGLBuffer;
  private readonly pointVao: WebGLVertexArrayObject;
  private readonly quadVao: WebGLVertexArrayObject;
  private count = 0;
  private subsetCount = 0;
  private snap: Snapshot | null = null;

  constructor(canvas: HTMLCanvasElement | OffscreenCanvas) {
    const gl = canvas.getContext('webgl2', { antialias: false, premultipliedAlpha: true, alpha: true });
    if (!gl) throw new Error('ScatterRenderer: WebGL2 is not available');
    this.gl = gl;
    const info = this.gl.getExtension('WEBGL_debug_renderer_info');
    this.rendererName = String(
      this.gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : this.gl.RENDERER) ?? '',
    );
    this.points = pointProgram(this.gl);
    this.quad = quadProgram(this.gl);
    this.positions = this.gl.createBuffer();
    this.colours = this.gl.createBuffer();
    this.subset = this.gl.createBuffer();
    this.corners = this.gl.createBuffer();
    this.pointVao = this.pointArrays();
    this.quadVao = this.quadArrays();
  }

  private pointArrays(): WebGLVertexArrayObject {
    const gl = this.gl;
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    const position = this.points.attributes.a_position as number;
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 3, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colours);
    const colour = this.points.attributes.a_colour as number;
    gl.enableVertexAttribArray(colour);
    gl.vertexAttribPointer(colour, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.subset);
    gl.bindVertexArray(null);
    return vao;
  }

  private quadArrays(): WebGLVertexArrayObject {
    const gl = this.gl;
    const vao = gl.createVertexArray();
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.corners);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    const corner = this.quad.attributes.a_corner as number;
    gl.enableVertexAttribArray(corner);
    gl.vertexAttribPointer(corner, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    return vao;
  }

  /** Replaces the points: x, y, z per point (z = 0 on 2D maps). */
  setPositions(xyz: Float32Array): void {
    this.count = Math.floor(xyz.length / 3);
    this.gl.bindBuffer(this.gl.ARRAY_BUFFER, this.positions);
    this.gl.bufferData(this.gl.ARRAY_BUFFER, xyz, this.gl.STATIC_DRAW);
  }

  /** Replaces the colours: RGBA8 per point, in point order. */
  setColours(rgba: Uint8Array): void {
    this.gl.bindBuffer(this.gl.ARRAY_BUFFER, this.colours);
    this.gl.bufferData(this.gl.ARRAY_BUFFER, rgba, this.gl.DYNAMIC_DRAW);
  }

  /** The points drawn while moving: the first `count` indices of `order`. */
  setSubset(order: Uint32Array, count: number): void {
    this.subsetCount = Math.min(count, order.length);
    this.gl.bindVertexArray(null);
    this.gl.bindBuffer(this.gl.ELEMENT_ARRAY_BUFFER, this.subset);
    this.gl.bufferData(
      this.gl.ELEMENT_ARRAY_BUFFER,
      order.subarray(0, this.subsetCount),
      this.gl.STATIC_DRAW,
    );
  }

  private blendPremultiplied(sourceIsPremultiplied: boolean): void {
    const gl = this.gl;
    gl.enable(gl.BLEND);
    // Colour and alpha end up premultiplied, as the canvas (premultipliedAlpha) and the snapshot expect.
    if (sourceIsPremultiplied) gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    else gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  }

  private clearTarget(framebuffer: WebGLFramebuffer | null, width: number, height: number): void {
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.viewport(0, 0, width, height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
  }

  /** Draws every point (or only the subset) onto the canvas under `matrix`, `size` device pixels wide. */
  draw(matrix: Float32Array, size: number, which: 'all' | 'subset' = 'all'): void {
    const canvas = this.gl.canvas;
    this.clearTarget(null, canvas.width, canvas.height);
    this.drawPoints(matrix, size, which);
  }

  private drawPoints(matrix: Float32Array, size: number, which: 'all' | 'subset'): void {
    const gl = this.gl;
    gl.useProgram(this.points.program);
    gl.uniformMatrix4fv(this.points.uniforms.u_matrix ?? null, false, matrix);
    gl.uniform1f(this.points.uniforms.u_size ?? null, size);
    this.blendPremultiplied(false);
    gl.bindVertexArray(this.pointVao);
    if (which === 'subset') gl.drawElements(gl.POINTS, this.subsetCount, gl.UNSIGNED_INT, 0);
    else gl.drawArrays(gl.POINTS, 0, this.count);
    gl.bindVertexArray(null);
  }

  /** The largest snapshot side this GPU allows. */
  get maxSnapshotSide(): number {
    return Math.min(
      this.gl.getParameter(this.gl.MAX_TEXTURE_SIZE) as number,
      this.gl.getParameter(this.gl.MAX_RENDERBUFFER_SIZE) as number,
    );
  }

  private snapshotOf(width: number, height: number): Snapshot {
    if (this.snap && this.snap.width === width && this.snap.height === height) return this.snap;
    this.dropSnapshot();
    const gl = this.gl;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    this.snap = { texture, framebuffer, width, height };
    return this.snap;
  }

  /** Draws every point into the snapshot texture (`width` x `height` pixels) under `matrix`. */
  drawSnapshot(matrix: Float32Array, size: number, width: number, height: number): void {
    const snap = this.snapshotOf(width, height);
    this.clearTarget(snap.framebuffer, width, height);
    this.drawPoints(matrix, size, 'all');
    this.gl.bindFramebuffer(this.gl.FRAMEBUFFER, null);
  }

  /** Shows the snapshot on the canvas as one textured quad covering `rect` (clip x0, y0, x1, y1). */
  showSnapshot(rect: readonly [number, number, number, number]): void {
    const gl = this.gl;
    if (!this.snap) return;
    this.clearTarget(null, gl.canvas.width, gl.canvas.height);
    gl.useProgram(this.quad.program);
    gl.uniform4f(this.quad.uniforms.u_rect ?? null, ...rect);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.snap.texture);
    gl.uniform1i(this.quad.uniforms.u_texture ?? null, 0);
    // The canvas was just cleared and the quad is all there is: no blending needed.
    gl.disable(gl.BLEND);
    gl.bindVertexArray(this.quadVao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
  }

  /** The canvas pixel at (x, y), device pixels from the top left; call right after a draw. */
  readPixel(x: number, y: number): [number, number, number, number] {
    const gl = this.gl;
    const out = new Uint8Array(4);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.readPixels(Math.round(x), gl.canvas.height - 1 - Math.round(y), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
    return [out[0] as number, out[1] as number, out[2] as number, out[3] as number];
  }

  private dropSnapshot(): void {
    if (!this.snap) return;
    this.gl.deleteFramebuffer(this.snap.framebuffer);
    this.gl.deleteTexture(this.snap.texture);
    this.snap = null;
  }

  /** Frees the GPU objects (the context itself goes with its canvas). */
  dispose(): void {
    this.dropSnapshot();
    for (const buffer of [this.positions, this.colours, this.subset, this.corners])
      this.gl.deleteBuffer(buffer);
    this.gl.deleteVertexArray(this.pointVao);
    this.gl.deleteVertexArray(this.quadVao);
    this.gl.deleteProgram(this.points.program);
    this.gl.deleteProgram(this.quad.program);
  }
}
