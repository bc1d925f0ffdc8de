/** The two small WebGL2 programs the scatter uses: round points, and a textured quad (the snapshot). */

const pointVertex = `#version 300 es
in vec3 a_position;
in vec4 a_colour;
uniform mat4 u_matrix;
uniform float u_size;
out vec4 v_colour;
void main() {
  gl_Position = u_matrix * vec4(a_position, 1.0);
  gl_PointSize = u_size;
  v_colour = a_colour;
}`;

const pointFragment = `#version 300 es
precision mediump float;
in vec4 v_colour;
out vec4 outColour;
void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  if (dot(d, d) > 1.0) discard;
  outColour = v_colour;
}`;

const quadVertex = `#version 300 es
in vec2 a_corner;
uniform vec4 u_rect;
out vec2 v_uv;
void main() {
  v_uv = a_corner;
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, a_corner), 0.0, 1.0);
}`;

const quadFragment = `#version 300 es
precision mediump float;
in vec2 v_uv;
uniform sampler2D u_texture;
out vec4 outColour;
void main() {
  outColour = texture(u_texture, v_uv);
}`;

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('ScatterRenderer: cannot create a shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(`ScatterRenderer: shader: ${gl.getShaderInfoLog(shader) ?? 'failed'}`);
  }
  return shader;
}

function link(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new Error(`ScatterRenderer: program: ${gl.getProgramInfoLog(program) ?? 'failed'}`);
  }
  return program;
}

/** A linked program with its attribute and uniform locations looked up once. */
export interface Program {
  program: WebGLProgram;
  attributes: Record<string, number>;
  uniforms: Record<string, WebGLUniformLocation | null>;
}

function build(
  gl: WebGL2RenderingContext,
  vertex: string,
  fragment: string,
  attributes: string[],
  uniforms: string[],
): Program {
  const program = link(gl, vertex, fragment);
  return {
    program,
    attributes: Object.fromEntries(attributes.map((name) => [name, gl.getAttribLocation(program, name)])),
    uniforms: Object.fromEntries(uniforms.map((name) => [name, gl.getUniformLocation(program, name)])),
  };
}

/** The point program: a_position (vec3), a_colour (RGBA8, normalised); u_matrix, u_size. */
export function pointProgram(gl: WebGL2RenderingContext): Program {
  return build(gl, pointVertex, pointFragment, ['a_position', 'a_colour'], ['u_matrix', 'u_size']);
}

/** The quad program: a_corner (0..1 square); u_rect (clip x0, y0, x1, y1), u_texture. */
export function quadProgram(gl: WebGL2RenderingContext): Program {
  return build(gl, quadVertex, quadFragment, ['a_corner'], ['u_rect', 'u_texture']);
}
